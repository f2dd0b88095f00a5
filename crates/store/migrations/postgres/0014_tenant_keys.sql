-- A stay's records point to the stay of the same förbund, and a stay to the participant of
-- the same förbund: one key of two columns (id, förbund) instead of two keys of one, so no row
-- can hold one förbund's id beside another förbund's stay, and a write checks one reference
-- per row instead of two (100 000 imported stays are about 500 000 records). The förbund
-- itself still exists by the participant's key to it. SQLite keeps its single keys: it cannot
-- change a table's keys without rebuilding the table, and its checks cost little.
ALTER TABLE participants ADD CONSTRAINT participants_id_org_id_key UNIQUE (id, org_id);
ALTER TABLE episodes ADD CONSTRAINT episodes_id_org_id_key UNIQUE (id, org_id);
ALTER TABLE episodes
    DROP CONSTRAINT episodes_org_id_fkey,
    DROP CONSTRAINT episodes_participant_id_fkey,
    ADD CONSTRAINT episodes_participant_fkey FOREIGN KEY (participant_id, org_id)
        REFERENCES participants (id, org_id) ON DELETE CASCADE;
ALTER TABLE episode_income
    DROP CONSTRAINT episode_income_org_id_fkey,
    DROP CONSTRAINT episode_income_episode_id_fkey,
    ADD CONSTRAINT episode_income_episode_fkey FOREIGN KEY (episode_id, org_id)
        REFERENCES episodes (id, org_id) ON DELETE CASCADE;
ALTER TABLE progress_steps
    DROP CONSTRAINT progress_steps_org_id_fkey,
    DROP CONSTRAINT progress_steps_episode_id_fkey,
    ADD CONSTRAINT progress_steps_episode_fkey FOREIGN KEY (episode_id, org_id)
        REFERENCES episodes (id, org_id) ON DELETE CASCADE;
ALTER TABLE after_support_contacts
    DROP CONSTRAINT after_support_contacts_org_id_fkey,
    DROP CONSTRAINT after_support_contacts_episode_id_fkey,
    ADD CONSTRAINT after_support_contacts_episode_fkey FOREIGN KEY (episode_id, org_id)
        REFERENCES episodes (id, org_id) ON DELETE CASCADE;
ALTER TABLE follow_ups
    DROP CONSTRAINT follow_ups_org_id_fkey,
    DROP CONSTRAINT follow_ups_episode_id_fkey,
    ADD CONSTRAINT follow_ups_episode_fkey FOREIGN KEY (episode_id, org_id)
        REFERENCES episodes (id, org_id) ON DELETE CASCADE;
ALTER TABLE stay_facts
    DROP CONSTRAINT stay_facts_org_id_fkey,
    DROP CONSTRAINT stay_facts_episode_id_fkey,
    ADD CONSTRAINT stay_facts_episode_fkey FOREIGN KEY (episode_id, org_id)
        REFERENCES episodes (id, org_id) ON DELETE CASCADE;
