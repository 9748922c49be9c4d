-- 0011: invoices (issue 9). One row per issued revision of a tenant's monthly invoice and one per line, mirrored
-- from the invoice grain (the source of truth) when it is issued, paid or voided, for tenant lists and accounting
-- SQL. Drafts are never stored: they are computed when read. Amounts are integers in minor units of the currency.
--
-- An issued revision's figures and lines are final: the first save writes them, later saves of the same revision
-- change only status, paid_at, voided_at and void_reason (a reissue after a void is a new revision, a new row).
CREATE TABLE IF NOT EXISTS invoices
(
    tenant_id      text        NOT NULL,
    month          date        NOT NULL,              -- first day of the billed UTC month
    revision       integer     NOT NULL,              -- 1, then 2, ... for each reissue after a void
    id             text        NOT NULL,              -- {tenant}/{yyyy-MM}, the invoice grain's key
    status         text        NOT NULL CHECK (status IN ('Issued', 'Paid', 'Void')),
    currency       text        NOT NULL,              -- ISO 4217, the month-end plan's
    plan           text        NOT NULL,              -- the plan in effect at the end of the month
    jobs_run       bigint      NOT NULL,
    included_jobs  bigint      NULL,                  -- NULL: a plan of the month had no monthly job limit
    retries        bigint      NOT NULL,
    subtotal_minor bigint      NOT NULL,
    total_minor    bigint      NOT NULL,
    issued_at      timestamptz NOT NULL,              -- also when the figures were computed
    paid_at        timestamptz NULL,
    voided_at      timestamptz NULL,
    void_reason    text        NULL,
    PRIMARY KEY (tenant_id, month, revision)
);

-- A tenant's list is the primary key read backwards (month DESC, revision DESC). Accounting's "what is unpaid" is
-- this small partial index.
CREATE INDEX IF NOT EXISTS invoices_unpaid
    ON invoices (issued_at) WHERE status = 'Issued';

CREATE TABLE IF NOT EXISTS invoice_lines
(
    tenant_id        text    NOT NULL,
    month            date    NOT NULL,
    revision         integer NOT NULL,
    line_no          integer NOT NULL,                -- 1.. in the invoice's order: base lines, retries, overage
    kind             text    NOT NULL CHECK (kind IN ('Base', 'OverageJobs', 'Retries')),
    description      text    NOT NULL,
    plan             text    NOT NULL,
    from_day         date    NOT NULL,                -- UTC days covered, inclusive
    to_day           date    NOT NULL,
    quantity         bigint  NOT NULL,                -- days on the plan | started thousands over | retries
    unit_price_minor bigint  NOT NULL,                -- per month | per started 1,000 jobs | per retry
    rate             text    NOT NULL,                -- how amount follows from quantity and price
    amount_minor     bigint  NOT NULL,
    PRIMARY KEY (tenant_id, month, revision, line_no),
    FOREIGN KEY (tenant_id, month, revision) REFERENCES invoices (tenant_id, month, revision) ON DELETE CASCADE
);
