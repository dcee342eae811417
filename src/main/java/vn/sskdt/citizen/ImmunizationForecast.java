package vn.sskdt.citizen;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.sskdt.citizen.EpiSchedule.Dose;
import vn.sskdt.citizen.EpiSchedule.Interval;
import vn.sskdt.citizen.EpiSchedule.Series;

/**
 * The forecast itself, a pure function of the schedule, the birth date, the doses given and the
 * assessment date: for each series, which doses count and what comes next.
 *
 * <p>Written here rather than taken from HAPI or cqf-fhir-cr: neither has an immunization forecaster
 * (cqf's PlanDefinition {@code $apply} turns CQL logic into requests; it does not evaluate doses against
 * minimum ages and intervals), and the CDC's CDSi engines are outside the reachable registries and
 * follow the US schedule's own data model.
 *
 * <p>Rules: doses of a vaccine are taken in date order; each is checked against the next dose of the
 * series: it counts when given on or after the dose's earliest date (minimum age, and every minimum
 * interval after a counted dose it refers to) and before its maximum age. A dose that does not count
 * is reported and skipped; the series waits for a valid one. Intervals are measured from counted doses.
 */
public final class ImmunizationForecast {

	private ImmunizationForecast() {}

	/** A dose recorded in the health book (entered-in-error and not-done are left out by the caller). */
	public record GivenDose(String vaccine, LocalDate date, String immunizationId) {}

	public enum Status { COMPLETE, DUE, OVERDUE, NOT_YET_DUE, AGED_OUT }

	/**
	 * @param next       the dose to give next; null when the series is complete
	 * @param earliest   earliest date the next dose counts; null when complete
	 * @param due        recommended date of the next dose
	 * @param overdue    from this date the next dose is overdue
	 * @param latest     last date the next dose counts (maximum age); null when there is no maximum
	 * @param counted    doses that count, in order
	 * @param notCounted doses given that do not count (too early, too short an interval, too late, extra)
	 */
	public record SeriesForecast(Series series, Status status, Dose next, LocalDate earliest, LocalDate due,
			LocalDate overdue, LocalDate latest, List<GivenDose> counted, List<GivenDose> notCounted) {}

	public static List<SeriesForecast> forecast(EpiSchedule schedule, LocalDate birth, List<GivenDose> given,
			LocalDate assessment) {
		Map<String, LocalDate> countedDoses = new HashMap<>(); // dose id -> date, across series (cross-series intervals)
		List<SeriesForecast> result = new ArrayList<>();
		for (Series series : schedule.series()) {
			List<GivenDose> doses = given.stream()
					.filter(g -> g.vaccine().equals(series.vaccine()) && !g.date().isAfter(assessment))
					.sorted(Comparator.comparing(GivenDose::date))
					.toList();
			List<GivenDose> counted = new ArrayList<>();
			List<GivenDose> notCounted = new ArrayList<>();
			for (GivenDose dose : doses) {
				if (counted.size() == series.doses().size()) {
					notCounted.add(dose); // beyond the series
					continue;
				}
				Dose target = series.doses().get(counted.size());
				LocalDate latest = latest(target, birth);
				if (!dose.date().isBefore(earliest(target, birth, countedDoses))
						&& (latest == null || !dose.date().isAfter(latest))) {
					counted.add(dose);
					countedDoses.put(target.id(), dose.date());
				} else {
					notCounted.add(dose);
				}
			}
			result.add(next(series, birth, assessment, countedDoses, counted, notCounted));
		}
		return result;
	}

	private static SeriesForecast next(Series series, LocalDate birth, LocalDate assessment,
			Map<String, LocalDate> countedDoses, List<GivenDose> counted, List<GivenDose> notCounted) {
		if (counted.size() == series.doses().size()) {
			return new SeriesForecast(series, Status.COMPLETE, null, null, null, null, null,
					List.copyOf(counted), List.copyOf(notCounted));
		}
		Dose next = series.doses().get(counted.size());
		LocalDate earliest = earliest(next, birth, countedDoses);
		LocalDate due = max(EpiSchedule.at(birth, next.dueAge()), intervalsEnd(next, countedDoses));
		if (due.isBefore(earliest)) {
			due = earliest;
		}
		LocalDate overdue = due.plus(next.overdueAfter());
		LocalDate latest = latest(next, birth);
		return new SeriesForecast(series, status(earliest, due, overdue, latest, assessment), next, earliest, due,
				overdue, latest, List.copyOf(counted), List.copyOf(notCounted));
	}

	/**
	 * The status of a next dose on the assessment date, from its dates alone: so a forecast made on one
	 * day says what it would say on a later day, when no dose was recorded between.
	 */
	public static Status status(LocalDate earliest, LocalDate due, LocalDate overdue, LocalDate latest,
			LocalDate assessment) {
		if (latest != null && (assessment.isAfter(latest) || earliest.isAfter(latest))) {
			return Status.AGED_OUT;
		} else if (!assessment.isBefore(overdue)) {
			return Status.OVERDUE;
		} else if (!assessment.isBefore(due)) {
			return Status.DUE;
		}
		return Status.NOT_YET_DUE;
	}

	/** Minimum age and every minimum interval after a counted dose it names. */
	static LocalDate earliest(Dose dose, LocalDate birth, Map<String, LocalDate> countedDoses) {
		return max(EpiSchedule.at(birth, dose.minimumAge()), intervalsEnd(dose, countedDoses));
	}

	/** The day before the maximum age ("before 6 months"), or null. */
	static LocalDate latest(Dose dose, LocalDate birth) {
		return dose.maximumAge().map(age -> EpiSchedule.at(birth, age).minusDays(1)).orElse(null);
	}

	private static LocalDate intervalsEnd(Dose dose, Map<String, LocalDate> countedDoses) {
		LocalDate end = LocalDate.MIN;
		for (Interval interval : dose.after()) {
			LocalDate previous = countedDoses.get(interval.doseId());
			if (previous != null) {
				end = max(end, previous.plus(interval.minimum()));
			}
		}
		return end;
	}

	private static LocalDate max(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}
}
