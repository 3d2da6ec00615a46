-- Rows written meanwhile are not checked again (NOT VALID): the constraints hold for new rows.
ALTER TABLE candidate_reads
    ADD CONSTRAINT candidate_reads_application_id_fkey FOREIGN KEY (application_id) REFERENCES applications (id) NOT VALID,
    ADD CONSTRAINT candidate_reads_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID,
    ADD CONSTRAINT candidate_reads_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisations (id) NOT VALID;
