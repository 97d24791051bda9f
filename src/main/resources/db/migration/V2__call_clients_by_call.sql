-- A commit rewrites the clients of the calls it touched, and the calls API reads the clients of a page of calls:
-- both look call_clients up by call, which its key (client first) cannot serve.
CREATE INDEX call_clients_by_call ON call_clients (call_sid);
