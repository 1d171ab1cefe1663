package webstack.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.LocalDateTimeTypeHandler;

/**
 * Date-times sent to MySQL/MariaDB as text with their fractional seconds. Connector/J judges
 * MariaDB by the "5.5.5-" its version string starts with, decides the server cannot store
 * fractions, and cuts them off a bound LocalDateTime: a user registered at 12:00:00.988 was
 * stored, and read back, as 12:00:00. The server parses the text into DATETIME(6) whole.
 */
final class FractionalSecondsTypeHandler extends LocalDateTimeTypeHandler {

    private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, LocalDateTime parameter, JdbcType jdbcType)
            throws SQLException {
        ps.setString(i, parameter.format(SQL));
    }
}
