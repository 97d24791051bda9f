-- Call records (issue 13). One SQL for PostgreSQL and for H2, which runs it in MODE=PostgreSQL.

-- Every callback as Twilio sent it, once: a repeated delivery has the same key and inserts nothing.
CREATE TABLE call_events (
  call_sid         VARCHAR(34)  NOT NULL,
  leg_sid          VARCHAR(34)  NOT NULL,
  kind             VARCHAR(16)  NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  sequence_number  INTEGER,
  occurred_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  from_address     VARCHAR(256) NOT NULL,
  to_address       VARCHAR(256) NOT NULL,
  duration_seconds INTEGER,
  direction        VARCHAR(16)  NOT NULL,
  twilio_number    VARCHAR(256) NOT NULL,
  client           VARCHAR(256) NOT NULL,
  PRIMARY KEY (call_sid, leg_sid, kind, status)
);

-- Each call as derived from all its events, rewritten in the transaction that stores a new event of it.
CREATE TABLE calls (
  call_sid         VARCHAR(34)  NOT NULL PRIMARY KEY,
  direction        VARCHAR(16)  NOT NULL,
  from_address     VARCHAR(256) NOT NULL,
  to_address       VARCHAR(256) NOT NULL,
  twilio_number    VARCHAR(256) NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  ringing_at       TIMESTAMP WITH TIME ZONE,
  answered_at      TIMESTAMP WITH TIME ZONE,
  ended_at         TIMESTAMP WITH TIME ZONE,
  duration_seconds INTEGER,
  answered_by      VARCHAR(256)
);

-- The retention job deletes by age.
CREATE INDEX calls_started_at ON calls (started_at);

-- Which clients each call involves, with the call's start: one client's page of calls, newest first, is a range
-- of this index.
CREATE TABLE call_clients (
  client     VARCHAR(256) NOT NULL,
  call_sid   VARCHAR(34)  NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (client, call_sid)
);

CREATE INDEX call_clients_newest ON call_clients (client, started_at, call_sid);
