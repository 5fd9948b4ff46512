-- Money is numeric, never floating point: four decimal places hold a unit cost such as 0.0035.

-- A prison's product catalogue, by the product code devices send.
CREATE TABLE products (
    prison           text          NOT NULL,
    code             text          NOT NULL,
    name             text          NOT NULL,
    material_cost    numeric(16,4) NOT NULL CHECK (material_cost >= 0),
    standard_minutes numeric(16,4) NOT NULL CHECK (standard_minutes >= 0),
    transfer_price   numeric(16,4) NOT NULL CHECK (transfer_price >= 0),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, code)
);

-- What running a workshop costs beyond materials, and the places it offers each session.
CREATE TABLE workshop_costings (
    prison                      text          NOT NULL,
    workshop                    text          NOT NULL,
    instructor_hours_per_session numeric(16,4) NOT NULL CHECK (instructor_hours_per_session >= 0),
    instructor_hourly_rate      numeric(16,4) NOT NULL CHECK (instructor_hourly_rate >= 0),
    overhead_per_planned_hour   numeric(16,4) NOT NULL CHECK (overhead_per_planned_hour >= 0),
    allocated_places            integer       NOT NULL CHECK (allocated_places >= 0),
    updated_at                  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop)
);

-- A workshop's plan for a month; month is the month's first day.
CREATE TABLE budgets (
    prison             text          NOT NULL,
    workshop           text          NOT NULL,
    month              date          NOT NULL CHECK (extract(day FROM month) = 1),
    planned_good_units bigint        NOT NULL CHECK (planned_good_units >= 0),
    planned_cost       numeric(16,4) NOT NULL CHECK (planned_cost >= 0),
    planned_value      numeric(16,4) NOT NULL CHECK (planned_value >= 0),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (prison, workshop, month),
    FOREIGN KEY (prison, workshop) REFERENCES workshops (prison, workshop)
);

-- External customers pay the contract's price; internal supply is charged at a transfer price.
ALTER TABLE contracts ADD COLUMN kind text NOT NULL DEFAULT 'EXTERNAL' CHECK (kind IN ('EXTERNAL', 'INTERNAL'));

-- A contract's price from a day (the workshop's time zone) until its next price.
CREATE TABLE contract_prices (
    prison     text          NOT NULL,
    contract   text          NOT NULL,
    effective  date          NOT NULL,
    unit_price numeric(16,4) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (prison, contract, effective),
    FOREIGN KEY (prison, contract) REFERENCES contracts (prison, id) ON DELETE CASCADE
);

-- Who gets which report by e-mail: staff work addresses, never anyone in prison. workshop '' is every
-- workshop of the prison.
CREATE TABLE report_subscriptions (
    prison     text   NOT NULL,
    report     text   NOT NULL CHECK (report IN ('session', 'weekly', 'monthly')),
    workshop   text   NOT NULL,
    recipients text[] NOT NULL,
    PRIMARY KEY (prison, report, workshop)
);

-- One row per report due to be sent: the row is the claim, so a restart or a second instance never sends
-- a report twice, and a failed send is tried again.
CREATE TABLE report_deliveries (
    prison     text        NOT NULL,
    report     text        NOT NULL,
    subject    text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    attempts   integer     NOT NULL DEFAULT 0,
    last_error text,
    PRIMARY KEY (prison, report, subject)
);
