-- The extension stays: it may have been there before this migration, and other objects may use it.
DROP INDEX trainings_contract_trigrams;
DROP INDEX trainings_reference_trigrams;
DROP INDEX trainings_objective_trigrams;
DROP INDEX trainings_title_trigrams;
