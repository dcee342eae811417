package vn.sskdt.indicators;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/** Indicator dates are calendar days in Vietnam: a dose given at 23:30 UTC counts on the next day there. */
final class LocalDates {

	static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

	private LocalDates() {}

	/** The local day of a FHIR date or dateTime; a partial date (year, year-month) gives its first day. */
	static LocalDate of(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return null;
		}
		if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal() || value.getTimeZone() == null) {
			// written as a day (or without a zone): that day, wherever the server runs
			int month = value.getPrecision() == TemporalPrecisionEnum.YEAR ? 1 : value.getMonth() + 1;
			int day = value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal() ? 1 : value.getDay();
			return LocalDate.of(value.getYear(), month, day);
		}
		return of(value.getValue());
	}

	static LocalDate of(Date instant) {
		return instant == null ? null : instant.toInstant().atZone(VIETNAM).toLocalDate();
	}

	static LocalDate today() {
		return LocalDate.now(VIETNAM);
	}
}
