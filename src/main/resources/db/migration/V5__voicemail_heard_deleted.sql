-- Issue 15: what each client did with its voicemail, on its own row of V3's voicemails. Deleting marks the row
-- rather than removing it: the row's key is what makes a late repeated recording callback insert nothing, so a
-- removed row would let that callback bring the voicemail back. Retention removes marked rows like the others.
ALTER TABLE voicemails ADD COLUMN heard BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE voicemails ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;
