-- An instructor's reason for a stop, given on the floor or after the fact. A stop is known by its station and
-- the device time its first non-running report carries, so the reason stays with it however the range asked
-- about is drawn. The reason is a code; the note is short, optional and refused when it names a person.
CREATE TABLE stop_reasons (
    prison      text        NOT NULL,
    workshop    text        NOT NULL,
    station     text        NOT NULL,
    started     timestamptz NOT NULL,
    reason      text        NOT NULL,
    note        text,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop, station, started),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop) ON DELETE CASCADE
);

-- A station without a counter: its units are tallies entered on the instructor's tablet.
ALTER TABLE stations ADD COLUMN manual boolean NOT NULL DEFAULT false;

-- An instructor's split of a station's rejects in one session by code; the rest stay uncoded.
CREATE TABLE reject_splits (
    prison        text        NOT NULL,
    workshop      text        NOT NULL,
    station       text        NOT NULL,
    session_start timestamptz NOT NULL,
    code          text        NOT NULL,
    units         bigint      NOT NULL CHECK (units > 0),
    recorded_by   text        NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop, station, session_start, code),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop) ON DELETE CASCADE
);
