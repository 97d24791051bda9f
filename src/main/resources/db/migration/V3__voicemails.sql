-- Voicemails (issue 14). One SQL for PostgreSQL and for H2, which runs it in MODE=PostgreSQL. V3, not V2: the
-- call records' own second migration (an index) is numbered 2.

-- Every recording status callback as Twilio sent it, once: a repeated delivery has the same key and inserts
-- nothing. An absent or too short recording is kept here, with voicemail false, and never becomes a voicemail.
CREATE TABLE recording_events (
  recording_sid    VARCHAR(34)  NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  call_sid         VARCHAR(34)  NOT NULL,
  recording_url    VARCHAR(512) NOT NULL,
  duration_seconds INTEGER,
  twilio_number    VARCHAR(256) NOT NULL,
  caller           VARCHAR(256) NOT NULL,
  voicemail        BOOLEAN      NOT NULL,
  received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (recording_sid, status)
);

-- A call's page in /api/calls says whether it went to voicemail.
CREATE INDEX recording_events_by_call ON recording_events (call_sid);
CREATE INDEX recording_events_received_at ON recording_events (received_at);

-- Each voicemail once per client it belongs to (the clients of the number's directory entry when it arrived), so
-- that what a client does with it is its own: issue 15's heard mark is a column of this row, and its delete
-- marks this row deleted rather than removing it, so that a late repeated callback cannot bring it back. The
-- caller is empty when the callback's URL did not name it: the call record's caller is shown then.
CREATE TABLE voicemails (
  client           VARCHAR(256) NOT NULL,
  recording_sid    VARCHAR(34)  NOT NULL,
  call_sid         VARCHAR(34)  NOT NULL,
  caller           VARCHAR(256) NOT NULL,
  twilio_number    VARCHAR(256) NOT NULL,
  duration_seconds INTEGER      NOT NULL,
  received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (client, recording_sid)
);

-- One client's page of voicemails, newest first, is a range of this index.
CREATE INDEX voicemails_newest ON voicemails (client, received_at, recording_sid);
CREATE INDEX voicemails_received_at ON voicemails (received_at);
