-- Device credentials: a username per device (prison/workshop/id), and only a slow salted hash of its password.
CREATE TABLE devices (
    prison        text        NOT NULL,
    workshop      text        NOT NULL,
    id            text        NOT NULL,
    username      text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text        NOT NULL,
    PRIMARY KEY (prison, workshop, id),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop)
);
