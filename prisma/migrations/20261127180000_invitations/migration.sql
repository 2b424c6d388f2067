-- Invitations: a user created without a password gets one; the worker emails its
-- link and the user sets a password with it. Only a SHA-256 of the token is stored:
-- the token itself is an HMAC of the invitation's ids under INVITATION_SECRET, so the
-- worker can rebuild it to send and no token ever sits in Redis.

CREATE TABLE invitations (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL,
  token_hash   text NOT NULL,
  expires_at   timestamptz(3) NOT NULL,
  sent_at      timestamptz(3),
  accepted_at  timestamptz(3),
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invitations_tenant_id_user_id_idx ON invitations (tenant_id, user_id);
-- For the purge of expired invitations (scheduler).
CREATE INDEX invitations_expires_at_idx ON invitations (expires_at);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON invitations FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO sentinel_app, sentinel_platform;
