/** Why a profile's runtime-role proof was skipped, as the report says it (and a later run reads it back). */
export const NO_PROOF_ROLE_NOTE = "no runtime role the pipeline may assume (runtime_roles[].pipeline_assumable)";
