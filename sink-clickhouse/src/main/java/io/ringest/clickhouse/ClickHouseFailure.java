package io.ringest.clickhouse;

import io.ringest.engine.InsertOutcome;

/**
 * One classified ClickHouse failure: what to do about it, the server's error code and what the server said.
 * Immutable.
 *
 * @param outcome    never {@link InsertOutcome#ACKNOWLEDGED}
 * @param code       the ClickHouse error code, or {@link ClickHouseErrors#NO_CODE} when none was sent (I/O error, bare HTTP status)
 * @param httpStatus the HTTP status of the answer, or 0 when there was no answer
 * @param message    the server's or transport's message, whitespace collapsed and trimmed to a sane length
 */
public record ClickHouseFailure(InsertOutcome outcome, int code, int httpStatus, String message)
{
    public boolean hasCode()
    {
        return code != ClickHouseErrors.NO_CODE;
    }

    /** E.g. {@code REJECTED_DATA (code 33, HTTP 500): Code: 33, e.displayText() = DB::Exception: Cannot read all data...}. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(outcome.name()).append(" (");
        sb.append(hasCode() ? "code " + code : "no code");
        if (httpStatus != 0)
        {
            sb.append(", HTTP ").append(httpStatus);
        }
        return sb.append("): ").append(message).toString();
    }
}
