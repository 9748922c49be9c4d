-- 0007: jobs.state holds the grain state in Orleans' binary format (a format byte, then the payload of
-- Serializer<JobState>) instead of jsonb: several times smaller, and no JSON parse on either side of every write.
-- Rows already written keep their JSON as UTF-8 bytes; the store still reads those (they start with '{').
-- Every column a person or a query needs (status, queue, payload, result, last_error, ...) stays a real column.
ALTER TABLE jobs ALTER COLUMN state TYPE bytea USING convert_to(state::text, 'UTF8');
