package webstack.db;

import org.apache.ibatis.annotations.Select;

/** Reads Flyway's record of the migrations applied to the database, for the readiness probe. */
public interface SchemaMapper {

    /** The version of the newest migration applied successfully; null on an empty history. */
    @Select("SELECT version FROM flyway_schema_history WHERE success = TRUE AND version IS NOT NULL"
            + " ORDER BY installed_rank DESC LIMIT 1")
    String appliedVersion();
}
