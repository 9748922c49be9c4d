-- 0001: the table the Orleans ADO.NET providers read their SQL from.
--
-- Clustering, persistence and reminders (Orleans 10.4.2, invariant "Npgsql") each load their query texts
-- from this table once, when they start: a row per QueryKey, matched ordinally (case matters). Edit a text
-- here and the silos and clients only see it after a restart.
--
-- The table and column names are fixed by Orleans (it queries them unquoted, so they fold to lower case).
-- text rather than varchar(n): some of our texts are long and PostgreSQL stores both the same way.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);
