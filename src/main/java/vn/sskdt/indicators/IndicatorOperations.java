package vn.sskdt.indicators;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import vn.sskdt.audit.PatientListAudit;
import vn.sskdt.config.FhirOperationProvider;
import vn.sskdt.demo.AdminUnits;
import vn.sskdt.indicators.FactQuery.Area;
import vn.sskdt.security.Caller;
import vn.sskdt.security.Role;

/**
 * The indicator API. {@code Measure/{id}/$evaluate-measure} (the standard operation, answered from the
 * fact tables), {@code Measure/$evaluate-measure} without an id (every active indicator at once, one
 * MeasureReport each, in a collection Bundle), {@code Measure/$indicator-table} (the same as CSV), and
 * {@code $rebuild-indicator-facts}. Who may ask for which area is decided here, from the token: the
 * HAPI rules only let the roles reach the operations (docs/indicators.md).
 */
@Component
public class IndicatorOperations implements FhirOperationProvider {

	private static final String SERVED_COMMUNE = "https://sskdt.vn/fhir/StructureDefinition/vn-served-commune";
	static final int MAX_PAGE = 1000;

	private final DaoRegistry daos;
	private final FactQuery query;
	private final FactRebuild rebuild;
	private final PatientListAudit audit;

	IndicatorOperations(DaoRegistry daos, FactQuery query, FactRebuild rebuild, PatientListAudit audit) {
		this.daos = daos;
		this.query = query;
		this.rebuild = rebuild;
		this.audit = audit;
	}

	@Operation(name = "$evaluate-measure", type = Measure.class, idempotent = true)
	public IBaseResource evaluateMeasure(
			@IdParam(optional = true) IdType measureId,
			@OperationParam(name = "periodStart", min = 1) StringType periodStart,
			@OperationParam(name = "periodEnd", min = 1) StringType periodEnd,
			@OperationParam(name = "reportType") StringType reportType,
			@OperationParam(name = "jurisdiction") StringType jurisdiction,
			@OperationParam(name = "subject") StringType subject,
			@OperationParam(name = "_count") IntegerType count,
			@OperationParam(name = "_offset") IntegerType offset,
			RequestDetails request) {
		Period period = Period.of(periodStart, periodEnd);
		Area area = area(jurisdiction, subject);
		String type = reportType == null ? "population" : reportType.getValue();
		boolean subjectList = switch (type) {
			case "population" -> false;
			case "subject-list" -> true;
			default -> throw new InvalidRequestException("reportType: '" + type + "' is not supported here; use population or subject-list");
		};
		checkAccess(area, subjectList);
		if (measureId == null || !measureId.hasIdPart()) {
			if (subjectList) {
				throw new InvalidRequestException("reportType: subject-list needs one Measure (Measure/{id}/$evaluate-measure)");
			}
			Bundle reports = new Bundle().setType(Bundle.BundleType.COLLECTION);
			reports(activeIndicators(), area, period).forEach(report -> reports.addEntry().setResource(report));
			return reports;
		}
		IndicatorDefinition indicator = definition(measureId);
		MeasureReport report = report(indicator, area, period);
		if (!subjectList) {
			return report;
		}
		if (!indicator.proportion()) {
			throw new InvalidRequestException("reportType: subject-list is for proportion indicators (who is not yet counted)");
		}
		int first = offset == null ? 0 : offset.getValue();
		int size = count == null ? 100 : count.getValue();
		if (first < 0 || size < 1 || size > MAX_PAGE) {
			throw new InvalidRequestException("_count must be 1–" + MAX_PAGE + " and _offset ≥ 0");
		}
		MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
		long toReach = population(group, "denominator") - population(group, "numerator");
		List<String> people = query.toReach(indicator, area, period.start(), period.end(), first, size);
		audit.listed(request, "Danh sách cần tiếp cận / To-reach list: " + indicator.canonical() + " " + area.code(), people);
		return IndicatorReport.subjectList(report, people, toReach, first);
	}

	/** All active indicators for an area and period as CSV: one line per indicator and area (the area, then each commune). */
	@Operation(name = "$indicator-table", type = Measure.class, idempotent = true)
	public Binary indicatorTable(
			@OperationParam(name = "periodStart", min = 1) StringType periodStart,
			@OperationParam(name = "periodEnd", min = 1) StringType periodEnd,
			@OperationParam(name = "jurisdiction") StringType jurisdiction,
			@OperationParam(name = "subject") StringType subject) {
		Period period = Period.of(periodStart, periodEnd);
		Area area = area(jurisdiction, subject);
		checkAccess(area, false);
		StringBuilder csv = new StringBuilder(
				"indicator,version,title,period_start,period_end,area_level,area_code,area_name,denominator,numerator,value,unit,target,target_met,"
						+ "official_population,value_official\r\n");
		List<IndicatorDefinition> active = activeIndicators();
		List<MeasureReport> reports = reports(active, area, period);
		for (int i = 0; i < active.size(); i++) {
			IndicatorDefinition indicator = active.get(i);
			MeasureReport report = reports.get(i);
			MeasureReport.MeasureReportGroupComponent group = report.getGroupFirstRep();
			String target = indicator.target() == null ? ""
					: (indicator.target().hasComparator() ? indicator.target().getComparator().toCode() : "") + indicator.target().getValue().toPlainString();
			csv.append(line(indicator, period, area.isCommune() ? "commune" : "province", area.code(), IndicatorReport.areaName(area),
					population(group, "initial-population"), group, target));
			group.getStratifier().stream().filter(s -> "commune".equals(s.getCodeFirstRep().getText())).findFirst()
					.ifPresent(communes -> communes.getStratum().forEach(stratum -> csv.append(line(indicator, period, "commune",
							stratum.getValue().getText(), IndicatorReport.communeName(stratum.getValue().getText()),
							stratumPopulation(stratum, "initial-population"), stratum, target))));
		}
		Binary binary = new Binary();
		binary.setContentType("text/csv; charset=utf-8");
		binary.setContent(("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8)); // BOM: spreadsheet programs then read Vietnamese right
		return binary;
	}

	@Operation(name = "$rebuild-indicator-facts", idempotent = false)
	public Parameters rebuildFacts() {
		Caller caller = Caller.current().orElseThrow(() -> new ForbiddenOperationException("sign-in required"));
		if (!caller.is(Role.ADMIN) && !caller.is(Role.SYSTEM)) {
			throw new ForbiddenOperationException("only administrators and system accounts rebuild the indicator facts");
		}
		Parameters result = new Parameters();
		rebuild.rebuild().forEach((table, rows) -> result.addParameter(table, new IntegerType(rows)));
		return result;
	}

	/** Reports of several indicators, in their order, counted together (FactQuery#countAll). */
	private List<MeasureReport> reports(List<IndicatorDefinition> indicators, Area area, Period period) {
		Map<IndicatorDefinition, List<FactQuery.Cell>> cells = query.countAll(indicators, area, period.start(), period.end());
		Map<String, Long> official = FactQuery.calendarYear(period.start(), period.end())
				? query.officialPopulation(area, period.start().getYear()) : Map.of();
		return indicators.stream().map(indicator -> IndicatorReport.summary(indicator, area, period.start(), period.end(),
				cells.get(indicator), FactQuery.wholePopulation(indicator) ? official : Map.of())).toList();
	}

	private MeasureReport report(IndicatorDefinition indicator, Area area, Period period) {
		return reports(List.of(indicator), area, period).get(0);
	}

	private IndicatorDefinition definition(IdType measureId) {
		Measure measure = (Measure) daos.getResourceDao("Measure").read(measureId.toUnqualifiedVersionless(), new SystemRequestDetails());
		try {
			return IndicatorDefinition.of(measure);
		} catch (IllegalArgumentException e) {
			throw new InvalidRequestException("Measure/" + measureId.getIdPart() + " cannot be evaluated from indicator facts: " + e.getMessage());
		}
	}

	/** The newest version of each active indicator Measure (by url). */
	private List<IndicatorDefinition> activeIndicators() {
		SearchParameterMap active = SearchParameterMap.newSynchronous("status", new TokenParam("active"));
		Map<String, IndicatorDefinition> newest = new LinkedHashMap<>();
		for (IBaseResource resource : daos.getResourceDao("Measure").search(active, new SystemRequestDetails()).getAllResources()) {
			IndicatorDefinition indicator;
			try {
				indicator = IndicatorDefinition.of((Measure) resource);
			} catch (IllegalArgumentException notOurs) {
				continue; // e.g. a CQL Measure stored for comparison: not answered from facts
			}
			newest.merge(indicator.url(), indicator, (a, b) -> compareVersions(a.version(), b.version()) >= 0 ? a : b);
		}
		List<IndicatorDefinition> result = new ArrayList<>(newest.values());
		result.sort(Comparator.comparing(IndicatorDefinition::id));
		return result;
	}

	/** Where: {@code jurisdiction} (province or commune code) or {@code subject=Organization/{id}} (the commune it serves). */
	private Area area(StringType jurisdiction, StringType subject) {
		String code;
		if (jurisdiction != null && jurisdiction.hasValue()) {
			code = jurisdiction.getValue().trim();
		} else if (subject != null && subject.getValue().startsWith("Organization/")) {
			Organization facility = (Organization) daos.getResourceDao("Organization")
					.read(new IdType(subject.getValue()), new SystemRequestDetails());
			Extension served = facility.getExtensionByUrl(SERVED_COMMUNE);
			if (served == null || !(served.getValue() instanceof Coding coding)) {
				throw new InvalidRequestException("subject: " + subject.getValue() + " serves no commune (extension vn-served-commune)");
			}
			code = coding.getCode();
		} else {
			throw new InvalidRequestException("jurisdiction (a province or commune code, e.g. 46 or 19777) or subject=Organization/{id} is required");
		}
		if (code.matches("[0-9]{2}") && AdminUnits.all().containsKey(code)) {
			return new Area(code, null);
		}
		if (code.matches("[0-9]{5}")) {
			for (AdminUnits.Province province : AdminUnits.all().values()) {
				if (province.communes().stream().anyMatch(c -> c.code().equals(code))) {
					return new Area(province.code(), code);
				}
			}
		}
		throw new InvalidRequestException("jurisdiction: '" + code + "' is not a province or commune code of the 2025 list");
	}

	/**
	 * Departments see their jurisdiction's counts; stations their commune's counts and the people of it
	 * still to reach; administrators and system accounts everything. Lists of people are never for
	 * departments: they plan with numbers, stations go and vaccinate.
	 */
	private static void checkAccess(Area area, boolean people) {
		Caller caller = Caller.current().orElseThrow(() -> new ForbiddenOperationException("sign-in required"));
		if (caller.is(Role.ADMIN) || caller.is(Role.SYSTEM)) {
			return;
		}
		if (caller.is(Role.STATION_STAFF)) {
			if (area.isCommune() && area.commune().equals(caller.commune())) {
				return;
			}
			throw new ForbiddenOperationException("a station sees the indicators of its own commune (" + caller.commune() + ")");
		}
		if (caller.is(Role.ANALYST)) {
			if (people) {
				throw new ForbiddenOperationException("lists of people are for the stations that reach them; departments see counts");
			}
			String mine = caller.jurisdiction() == null ? "" : caller.jurisdiction();
			boolean within = mine.length() == 2 ? area.province().equals(mine) : area.isCommune() && area.commune().equals(mine);
			if (within) {
				return;
			}
			throw new ForbiddenOperationException("outside your jurisdiction (" + mine + ")");
		}
		throw new ForbiddenOperationException("indicators are for stations and health departments");
	}

	private static long population(MeasureReport.MeasureReportGroupComponent group, String code) {
		return group.getPopulation().stream().filter(p -> code.equals(p.getCode().getCodingFirstRep().getCode()))
				.mapToLong(MeasureReport.MeasureReportGroupPopulationComponent::getCount).sum();
	}

	private static long stratumPopulation(MeasureReport.StratifierGroupComponent stratum, String code) {
		return stratum.getPopulation().stream().filter(p -> code.equals(p.getCode().getCodingFirstRep().getCode()))
				.mapToLong(MeasureReport.StratifierGroupPopulationComponent::getCount).sum();
	}

	private static String line(IndicatorDefinition indicator, Period period, String level, String code, String name,
			long denominator, org.hl7.fhir.r4.model.Element result, String target) {
		org.hl7.fhir.r4.model.Quantity score = result instanceof MeasureReport.MeasureReportGroupComponent g ? g.getMeasureScore()
				: ((MeasureReport.StratifierGroupComponent) result).getMeasureScore();
		long numerator = result instanceof MeasureReport.MeasureReportGroupComponent g ? population(g, "numerator")
				: stratumPopulation((MeasureReport.StratifierGroupComponent) result, "numerator");
		Extension met = result.getExtensionByUrl(IndicatorReport.TARGET_MET);
		Extension official = result.getExtensionByUrl(IndicatorReport.OFFICIAL_POPULATION);
		Extension officialScore = result.getExtensionByUrl(IndicatorReport.OFFICIAL_SCORE);
		return String.join(",", indicator.id(), indicator.version(), quoted(indicator.title()), period.start().toString(),
				period.end().toString(), level, code, quoted(name), Long.toString(denominator),
				indicator.proportion() ? Long.toString(numerator) : "",
				!score.hasValue() ? "" : indicator.proportion() ? score.getValue().movePointRight(2).setScale(2).toPlainString()
						: score.getValue().toPlainString(),
				indicator.proportion() ? "%" : score.hasCode() ? score.getCode() : "", target,
				met == null ? "" : met.getValue().primitiveValue(),
				official == null ? "" : official.getValue().primitiveValue(),
				officialScore == null ? "" : ((org.hl7.fhir.r4.model.Quantity) officialScore.getValue()).getValue().movePointRight(2).setScale(2).toPlainString())
				+ "\r\n";
	}

	private static String quoted(String text) {
		return "\"" + (text == null ? "" : text.replace("\"", "\"\"")) + "\"";
	}

	private static int compareVersions(String a, String b) {
		String[] x = (a == null ? "" : a).split("\\."), y = (b == null ? "" : b).split("\\.");
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			String p = i < x.length ? x[i] : "0", q = i < y.length ? y[i] : "0";
			int c = p.matches("[0-9]+") && q.matches("[0-9]+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	/** periodStart and periodEnd as local days; a year is the common case (2026-01-01 to 2026-12-31). */
	record Period(LocalDate start, LocalDate end) {
		static Period of(StringType start, StringType end) {
			LocalDate s = day(start, "periodStart", true), e = day(end, "periodEnd", false);
			if (e.isBefore(s)) {
				throw new InvalidRequestException("periodEnd is before periodStart");
			}
			if (s.plusYears(10).isBefore(e)) {
				throw new InvalidRequestException("period longer than 10 years");
			}
			return new Period(s, e);
		}

		private static LocalDate day(StringType value, String name, boolean first) {
			String text = value == null ? "" : value.getValue().trim();
			try {
				if (text.matches("[0-9]{4}")) {
					return first ? LocalDate.of(Integer.parseInt(text), 1, 1) : LocalDate.of(Integer.parseInt(text), 12, 31);
				}
				return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
			} catch (DateTimeParseException | NumberFormatException e) {
				throw new InvalidRequestException(name + ": '" + text + "' is not a date (YYYY-MM-DD)");
			}
		}
	}
}
