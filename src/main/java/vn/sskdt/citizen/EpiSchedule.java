package vn.sskdt.citizen;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionRelatedActionComponent;

/**
 * The national immunization schedule (TCMR) as the forecast reads it, taken from the versioned
 * PlanDefinition {@code vn-epi-schedule} of our FHIR package (see {@code fhir-profiles/input/fsh/epi-schedule.fsh}
 * for the encoding). Ages and intervals are calendar periods ({@link Period}): the circular speaks of
 * months of age, and "2 months" means the same day two months later, not 60.9 days.
 *
 * @param canonical the PlanDefinition's url
 * @param version   its version, named in every forecast made with it
 * @param series    one per vaccine, in the order the PlanDefinition lists them
 */
public record EpiSchedule(String canonical, String version, List<Series> series) {

	static final String MINIMUM_AGE = "/StructureDefinition/vn-epi-minimum-age";
	static final String MAXIMUM_AGE = "/StructureDefinition/vn-epi-maximum-age";
	static final String OVERDUE_AFTER = "/StructureDefinition/vn-epi-overdue-after";

	/** @param vaccine code in {@code vn-vaccine}; @param doses in the order they are given */
	public record Series(String vaccine, String title, List<Dose> doses) {}

	/**
	 * @param id           the action's id, e.g. {@code penta-2}, which intervals refer to
	 * @param number       1-based position in its series
	 * @param minimumAge   a dose given younger does not count
	 * @param dueAge       recommended age
	 * @param overdueAfter overdue this long after the due date
	 * @param maximumAge   when present, the dose must be given before this age
	 * @param after        minimum intervals after other doses
	 */
	public record Dose(String id, String title, int number, Period minimumAge, Period dueAge, Period overdueAfter,
			Optional<Period> maximumAge, List<Interval> after) {}

	/** At least {@code minimum} after dose {@code doseId} (when that dose was given). */
	public record Interval(String doseId, Period minimum) {}

	public String reference() {
		return canonical + "|" + version;
	}

	public Optional<Series> seriesOf(String vaccine) {
		return series.stream().filter(s -> s.vaccine().equals(vaccine)).findFirst();
	}

	/** Reads the schedule; refuses (at start-up) a PlanDefinition that does not follow the encoding. */
	public static EpiSchedule from(PlanDefinition plan) {
		List<Series> series = new ArrayList<>();
		for (PlanDefinitionActionComponent s : plan.getAction()) {
			String vaccine = s.getCodeFirstRep().getCodingFirstRep().getCode();
			if (vaccine == null) {
				throw new IllegalArgumentException("series action " + s.getId() + " has no vaccine code");
			}
			List<Dose> doses = new ArrayList<>();
			for (PlanDefinitionActionComponent d : s.getAction()) {
				List<Interval> after = new ArrayList<>();
				for (PlanDefinitionActionRelatedActionComponent related : d.getRelatedAction()) {
					after.add(new Interval(related.getActionId(), period(related.getOffsetDuration(), d.getId())));
				}
				doses.add(new Dose(d.getId(), d.getTitle(), doses.size() + 1,
						period(required(d, MINIMUM_AGE), d.getId()),
						period(d.getTimingDuration(), d.getId()),
						period(required(d, OVERDUE_AFTER), d.getId()),
						extension(d, MAXIMUM_AGE).map(e -> period((Duration) e.getValue(), d.getId())),
						List.copyOf(after)));
			}
			series.add(new Series(vaccine, s.getTitle(), List.copyOf(doses)));
		}
		return new EpiSchedule(plan.getUrl(), plan.getVersion(), List.copyOf(series));
	}

	private static Duration required(PlanDefinitionActionComponent dose, String extension) {
		return (Duration) extension(dose, extension)
				.orElseThrow(() -> new IllegalArgumentException("dose " + dose.getId() + " lacks " + extension))
				.getValue();
	}

	private static Optional<Extension> extension(PlanDefinitionActionComponent dose, String urlEnd) {
		return dose.getExtension().stream().filter(e -> e.getUrl().endsWith(urlEnd)).findFirst();
	}

	/** UCUM time units as calendar periods: d, wk, mo (calendar month), a (calendar year). */
	static Period period(Duration duration, String where) {
		if (duration == null || duration.getValue() == null) {
			throw new IllegalArgumentException("dose " + where + " has a missing duration");
		}
		int n = duration.getValue().intValueExact();
		return switch (duration.getCode()) {
			case "d" -> Period.ofDays(n);
			case "wk" -> Period.ofWeeks(n);
			case "mo" -> Period.ofMonths(n);
			case "a" -> Period.ofYears(n);
			default -> throw new IllegalArgumentException("dose " + where + ": unit " + duration.getCode() + " is not d, wk, mo or a");
		};
	}

	/** {@code birth + age}; ages are added as years, then months, then days (java.time's rule). */
	static LocalDate at(LocalDate birth, Period age) {
		return birth.plus(age);
	}
}
