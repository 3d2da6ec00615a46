DROP TABLE password_resets;
DROP TABLE invitations;
DELETE FROM memberships WHERE status IN ('refused', 'removed');
ALTER TABLE memberships DROP COLUMN refusal_reason;
ALTER TABLE memberships DROP COLUMN ended_by;
ALTER TABLE memberships DROP COLUMN ended_at;
ALTER TABLE memberships DROP CONSTRAINT memberships_status_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_status_check CHECK (status IN ('pending', 'approved'));
