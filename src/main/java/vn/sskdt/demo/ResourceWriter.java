package vn.sskdt.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The FHIR JSON of each generated resource, written with Jackson's streaming generator (several
 * times faster than building HAPI model objects and encoding them; see docs/synthetic-province.md).
 * Every resource declares its profile of our package and uses its code systems, taken from the
 * package itself ({@link PackageCodes}).
 */
final class ResourceWriter {

	static final String LOINC = "http://loinc.org";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	static final String ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final String CVX = "http://hl7.org/fhir/sid/cvx";
	static final String ATC = "http://www.whocc.no/atc";
	static final String BHYT = "http://fhir.hl7.org.vn/core/sid/bhyt";

	private final PackageCodes codes;
	private final AdminUnits.Province province;
	private final List<CommuneProfile> communes;
	private final Population p;

	// URLs of our package, resolved once
	private final String patientProfile;
	private final String organizationProfile;
	private final String encounterProfile;
	private final String immunizationProfile;
	private final String coverageProfile;
	private final String provinceExt;
	private final String communeExt;
	private final String ethnicityExt;
	private final String servedCommuneExt;
	private final String targetGroupExt;
	private final String benefitLevelExt;
	private final String registeredFacilityExt;
	private final String provinceSystem;
	private final String communeSystem;
	private final String ethnicitySystem;
	private final String facilityTypeSystem;
	private final String checkupTypeSystem;
	private final String targetGroupSystem;
	private final String vaccineSystem;
	private final String classificationSystem;
	private final String observationCodeSystem;
	private final String payorName;

	ResourceWriter(PackageCodes codes, AdminUnits.Province province, List<CommuneProfile> communes, Population p) {
		this.codes = codes;
		this.province = province;
		this.communes = communes;
		this.p = p;
		patientProfile = codes.profile("vn-patient");
		organizationProfile = codes.profile("vn-organization");
		encounterProfile = codes.profile("vn-checkup-encounter");
		immunizationProfile = codes.profile("vn-immunization");
		coverageProfile = codes.profile("vn-coverage");
		provinceExt = codes.extension("vn-province");
		communeExt = codes.extension("vn-commune");
		ethnicityExt = codes.extension("vn-ethnicity");
		servedCommuneExt = codes.extension("vn-served-commune");
		targetGroupExt = codes.extension("vn-target-group");
		benefitLevelExt = codes.extension("vn-bhyt-benefit-level");
		registeredFacilityExt = codes.extension("vn-registered-primary-care");
		provinceSystem = codes.codeSystem("vn-province");
		communeSystem = codes.codeSystem("vn-commune");
		ethnicitySystem = codes.codeSystem("vn-ethnicity");
		facilityTypeSystem = codes.codeSystem("vn-facility-type");
		checkupTypeSystem = codes.codeSystem("vn-checkup-type");
		targetGroupSystem = codes.codeSystem("vn-target-group");
		vaccineSystem = codes.codeSystem("vn-vaccine");
		classificationSystem = codes.codeSystem("vn-health-classification");
		observationCodeSystem = codes.codeSystem("vn-observation-code");
		payorName = "Bảo hiểm xã hội " + province.name();
	}

	// ------------------------------------------------------------------ shared pieces

	static String date(int day) {
		return LocalDate.ofEpochDay(day).toString();
	}

	/** Local time (UTC+7) on a day, minutes after midnight. */
	static String dateTime(int day, int minutes) {
		return date(day) + "T" + two(minutes / 60) + ":" + two(minutes % 60) + ":00+07:00";
	}

	private static String two(int n) {
		return n < 10 ? "0" + n : Integer.toString(n);
	}

	static String personalId(long cccd) {
		String s = Long.toString(cccd);
		return s.length() >= 12 ? s : "000000000000".substring(s.length()) + s;
	}

	private static void profile(JsonGenerator j, String url) throws IOException {
		j.writeObjectFieldStart("meta");
		j.writeArrayFieldStart("profile");
		j.writeString(url);
		j.writeEndArray();
		j.writeEndObject();
	}

	private static void coding(JsonGenerator j, String system, String code, String display) throws IOException {
		j.writeStartObject();
		j.writeStringField("system", system);
		j.writeStringField("code", code);
		if (display != null) {
			j.writeStringField("display", display);
		}
		j.writeEndObject();
	}

	private static void codeableConcept(JsonGenerator j, String field, String system, String code, String display) throws IOException {
		if (field != null) {
			j.writeFieldName(field);
		}
		j.writeStartObject();
		j.writeArrayFieldStart("coding");
		coding(j, system, code, display);
		j.writeEndArray();
		j.writeEndObject();
	}

	private static void reference(JsonGenerator j, String field, String reference) throws IOException {
		j.writeObjectFieldStart(field);
		j.writeStringField("reference", reference);
		j.writeEndObject();
	}

	private static void urn(JsonGenerator j, String field, String uuid) throws IOException {
		reference(j, field, "urn:uuid:" + uuid);
	}

	private static void identifier(JsonGenerator j, String system, String value) throws IOException {
		j.writeStartObject();
		j.writeStringField("system", system);
		j.writeStringField("value", value);
		j.writeEndObject();
	}

	private void codedAddressExtensions(JsonGenerator j, CommuneProfile c) throws IOException {
		j.writeArrayFieldStart("extension");
		j.writeStartObject();
		j.writeStringField("url", provinceExt);
		j.writeFieldName("valueCoding");
		coding(j, provinceSystem, province.code(), codes.display("vn-province", province.code()));
		j.writeEndObject();
		j.writeStartObject();
		j.writeStringField("url", communeExt);
		j.writeFieldName("valueCoding");
		coding(j, communeSystem, c.commune.code(), codes.display("vn-commune", c.commune.code()));
		j.writeEndObject();
		j.writeEndArray();
	}

	private void humanName(JsonGenerator j, int family, int middle, int given, boolean female) throws IOException {
		String familyName = Names.FAMILY[family];
		String middleName = Names.middleName(middle, female);
		String givenName = Names.givenName(given, female);
		j.writeArrayFieldStart("name");
		j.writeStartObject();
		j.writeStringField("text", familyName + " " + middleName + " " + givenName);
		j.writeStringField("family", familyName);
		j.writeArrayFieldStart("given");
		j.writeString(middleName);
		j.writeString(givenName);
		j.writeEndArray();
		j.writeEndObject();
		j.writeEndArray();
	}

	// ------------------------------------------------------------------ resources

	void organization(JsonGenerator j, CommuneProfile c) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Organization");
		profile(j, organizationProfile);
		j.writeArrayFieldStart("extension");
		j.writeStartObject();
		j.writeStringField("url", servedCommuneExt);
		j.writeFieldName("valueCoding");
		coding(j, communeSystem, c.commune.code(), codes.display("vn-commune", c.commune.code()));
		j.writeEndObject();
		j.writeEndArray();
		j.writeArrayFieldStart("identifier");
		identifier(j, SubmissionContract.FACILITY, c.facilityCode);
		j.writeEndArray();
		j.writeBooleanField("active", true);
		j.writeArrayFieldStart("type");
		codeableConcept(j, null, facilityTypeSystem, "tram-y-te", codes.display("vn-facility-type", "tram-y-te"));
		j.writeEndArray();
		j.writeStringField("name", "Trạm Y tế " + c.commune.name());
		j.writeArrayFieldStart("address");
		j.writeStartObject();
		codedAddressExtensions(j, c);
		j.writeStringField("text", c.commune.name() + ", " + province.name());
		j.writeStringField("city", c.commune.name());
		j.writeStringField("state", province.name());
		j.writeStringField("country", "VN");
		j.writeEndObject();
		j.writeEndArray();
		j.writeEndObject();
	}

	/** The resident as of the day of the bundle: deceased only in the bundle that reports the death. */
	void patient(JsonGenerator j, int i, boolean reportDeath) throws IOException {
		CommuneProfile c = communes.get(p.commune[i]);
		boolean female = p.female(i);
		j.writeStartObject();
		j.writeStringField("resourceType", "Patient");
		profile(j, patientProfile);
		j.writeArrayFieldStart("extension");
		j.writeStartObject();
		j.writeStringField("url", ethnicityExt);
		j.writeFieldName("valueCoding");
		String ethnicity = p.ethnicity[i] < 10 ? "0" + p.ethnicity[i] : Integer.toString(p.ethnicity[i]);
		coding(j, ethnicitySystem, ethnicity, codes.display("vn-ethnicity", ethnicity));
		j.writeEndObject();
		j.writeEndArray();
		j.writeArrayFieldStart("identifier");
		identifier(j, SubmissionContract.CCCD, personalId(p.cccd[i]));
		j.writeEndArray();
		humanName(j, p.family[i], p.middle[i], p.given[i], female);
		j.writeStringField("gender", female ? "female" : "male");
		j.writeStringField("birthDate", date(p.birth[i]));
		if (reportDeath) {
			j.writeStringField("deceasedDateTime", date(p.death[i]));
		}
		j.writeArrayFieldStart("address");
		j.writeStartObject();
		codedAddressExtensions(j, c);
		j.writeStringField("use", "home");
		String line = householdLine(i, c);
		j.writeStringField("text", line + ", " + c.commune.name() + ", " + province.name());
		j.writeArrayFieldStart("line");
		j.writeString(line);
		j.writeEndArray();
		j.writeStringField("city", c.commune.name());
		j.writeStringField("state", province.name());
		j.writeStringField("country", "VN");
		j.writeEndObject();
		j.writeEndArray();
		j.writeEndObject();
	}

	/** Village or residential group of the household: a child lives with its first guardian, a wife with her husband. */
	private String householdLine(int i, CommuneProfile c) {
		int root = i;
		if (p.guardian1[root] >= 0 && p.commune[p.guardian1[root]] == p.commune[root]) {
			root = p.guardian1[root]; // only children have guardians
		}
		if (p.female(root) && p.partner[root] >= 0) {
			root = p.partner[root];
		}
		int villages = 6 + (int) (Rand.mix(Long.parseLong(c.commune.code())) >>> 1) % 20;
		int n = 1 + (int) ((Rand.mix(root * 31L + 7) >>> 1) % villages);
		return (c.commune.isWard() ? "Tổ dân phố " : "Thôn ") + n;
	}

	void relatedPerson(JsonGenerator j, String childUuid, int guardian, byte role, String stationRecord) throws IOException {
		long id;
		boolean female;
		int family;
		int middle;
		int given;
		if (guardian >= 0) {
			id = p.cccd[guardian];
			female = p.female(guardian);
			family = p.family[guardian];
			middle = p.middle[guardian];
			given = p.given[guardian];
		} else {
			int k = -guardian - 1;
			id = p.outsiderCccd[k];
			female = p.outsiderSex[k] == 1;
			family = p.outsiderFamily[k];
			middle = p.outsiderMiddle[k];
			given = p.outsiderGiven[k];
		}
		j.writeStartObject();
		j.writeStringField("resourceType", "RelatedPerson");
		j.writeArrayFieldStart("identifier");
		identifier(j, SubmissionContract.CCCD, personalId(id));
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeBooleanField("active", true);
		urn(j, "patient", childUuid);
		j.writeArrayFieldStart("relationship");
		switch (role) {
			case Population.MOTHER -> codeableConcept(j, null, ROLE_CODE, "MTH", "mother");
			case Population.FATHER -> codeableConcept(j, null, ROLE_CODE, "FTH", "father");
			default -> codeableConcept(j, null, ROLE_CODE, "GUARD", "guardian");
		}
		j.writeEndArray();
		humanName(j, family, middle, given, female);
		j.writeStringField("gender", female ? "female" : "male");
		j.writeEndObject();
	}

	void immunization(JsonGenerator j, String patientUuid, Vaccine vaccine, int doseNumber, int day, int minutes,
			String facilityCode, String stationRecord) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Immunization");
		profile(j, immunizationProfile);
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "completed");
		j.writeObjectFieldStart("vaccineCode");
		j.writeArrayFieldStart("coding");
		coding(j, vaccineSystem, vaccine.code, codes.display("vn-vaccine", vaccine.code));
		String cvx = codes.mapVaccine("vn-vaccine-to-cvx", vaccine.code);
		if (cvx != null) {
			coding(j, CVX, cvx, null);
		}
		String atc = codes.mapVaccine("vn-vaccine-to-atc", vaccine.code);
		if (atc != null) {
			coding(j, ATC, atc, null);
		}
		j.writeEndArray();
		j.writeEndObject();
		urn(j, "patient", patientUuid);
		j.writeStringField("occurrenceDateTime", dateTime(day, minutes));
		j.writeBooleanField("primarySource", true);
		LocalDate d = LocalDate.ofEpochDay(day);
		j.writeStringField("lotNumber", vaccine.lotPrefix + (d.getYear() % 100) + two(d.getMonthValue()) + (char) ('A' + d.getDayOfMonth() % 4));
		j.writeArrayFieldStart("performer");
		j.writeStartObject();
		reference(j, "actor", SubmissionContract.organizationCondition(facilityCode));
		j.writeEndObject();
		j.writeEndArray();
		j.writeArrayFieldStart("protocolApplied");
		j.writeStartObject();
		j.writeStringField("series", "TCMR");
		j.writeNumberField("doseNumberPositiveInt", doseNumber);
		j.writeEndObject();
		j.writeEndArray();
		j.writeEndObject();
	}

	void encounter(JsonGenerator j, String patientUuid, Circumstances.CheckupType type, int targetGroups, int day, int startMinutes,
			int endMinutes, String facilityCode, String stationRecord) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Encounter");
		profile(j, encounterProfile);
		if (targetGroups != 0) {
			j.writeArrayFieldStart("extension");
			for (Circumstances.TargetGroup g : Circumstances.TargetGroup.values()) {
				if ((targetGroups & Circumstances.bit(g)) != 0) {
					j.writeStartObject();
					j.writeStringField("url", targetGroupExt);
					codeableConcept(j, "valueCodeableConcept", targetGroupSystem, g.code, codes.display("vn-target-group", g.code));
					j.writeEndObject();
				}
			}
			j.writeEndArray();
		}
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "finished");
		j.writeObjectFieldStart("class");
		j.writeStringField("system", ACT_CODE);
		j.writeStringField("code", "AMB");
		j.writeStringField("display", "ambulatory");
		j.writeEndObject();
		j.writeArrayFieldStart("type");
		codeableConcept(j, null, checkupTypeSystem, type.code, codes.display("vn-checkup-type", type.code));
		j.writeEndArray();
		urn(j, "subject", patientUuid);
		j.writeObjectFieldStart("period");
		j.writeStringField("start", dateTime(day, startMinutes));
		j.writeStringField("end", dateTime(day, endMinutes));
		j.writeEndObject();
		reference(j, "serviceProvider", SubmissionContract.organizationCondition(facilityCode));
		j.writeEndObject();
	}

	/** Start of every Observation of a check-up, up to and including its code. */
	private void observationStart(JsonGenerator j, String profileId, String stationRecord, String category, String codeSystem,
			String code, String display) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Observation");
		profile(j, codes.profile(profileId));
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "final");
		j.writeArrayFieldStart("category");
		codeableConcept(j, null, OBSERVATION_CATEGORY, category, null);
		j.writeEndArray();
		codeableConcept(j, "code", codeSystem, code, display);
	}

	private static void observationContext(JsonGenerator j, String patientUuid, String encounterUuid, String effective) throws IOException {
		urn(j, "subject", patientUuid);
		urn(j, "encounter", encounterUuid);
		j.writeStringField("effectiveDateTime", effective);
	}

	private static void quantity(JsonGenerator j, String field, String value, String unit) throws IOException {
		j.writeObjectFieldStart(field);
		j.writeFieldName("value");
		j.writeNumber(value);
		j.writeStringField("unit", unit);
		j.writeStringField("system", UCUM);
		j.writeStringField("code", unit);
		j.writeEndObject();
	}

	/** A vital sign with one quantity (height, weight, BMI, heart rate). */
	void vitalSign(JsonGenerator j, String profileId, String loinc, String display, String value, String unit, String patientUuid,
			String encounterUuid, String effective, String stationRecord, String... derivedFrom) throws IOException {
		observationStart(j, profileId, stationRecord, "vital-signs", LOINC, loinc, display);
		observationContext(j, patientUuid, encounterUuid, effective);
		quantity(j, "valueQuantity", value, unit);
		if (derivedFrom.length > 0) {
			j.writeArrayFieldStart("derivedFrom");
			for (String uuid : derivedFrom) {
				j.writeStartObject();
				j.writeStringField("reference", "urn:uuid:" + uuid);
				j.writeEndObject();
			}
			j.writeEndArray();
		}
		j.writeEndObject();
	}

	void bloodPressure(JsonGenerator j, int systolic, int diastolic, String patientUuid, String encounterUuid, String effective,
			String stationRecord) throws IOException {
		observationStart(j, "vn-blood-pressure", stationRecord, "vital-signs", LOINC, "85354-9",
				"Blood pressure panel with all children optional");
		observationContext(j, patientUuid, encounterUuid, effective);
		j.writeArrayFieldStart("component");
		j.writeStartObject();
		codeableConcept(j, "code", LOINC, "8480-6", "Systolic blood pressure");
		quantity(j, "valueQuantity", Integer.toString(systolic), "mm[Hg]");
		j.writeEndObject();
		j.writeStartObject();
		codeableConcept(j, "code", LOINC, "8462-4", "Diastolic blood pressure");
		quantity(j, "valueQuantity", Integer.toString(diastolic), "mm[Hg]");
		j.writeEndObject();
		j.writeEndArray();
		j.writeEndObject();
	}

	void fastingGlucose(JsonGenerator j, String mmolPerLitre, String patientUuid, String encounterUuid, String effective,
			String stationRecord) throws IOException {
		observationStart(j, "vn-fasting-glucose", stationRecord, "laboratory", LOINC, "14771-0",
				"Fasting glucose [Moles/volume] in Serum or Plasma");
		observationContext(j, patientUuid, encounterUuid, effective);
		quantity(j, "valueQuantity", mmolPerLitre, "mmol/L");
		j.writeEndObject();
	}

	void healthClassification(JsonGenerator j, String healthClass, String patientUuid, String encounterUuid, String effective,
			String stationRecord) throws IOException {
		observationStart(j, "vn-health-classification-obs", stationRecord, "exam", observationCodeSystem, "health-classification",
				codes.display("vn-observation-code", "health-classification"));
		observationContext(j, patientUuid, encounterUuid, effective);
		codeableConcept(j, "valueCodeableConcept", classificationSystem, healthClass, codes.display("vn-health-classification", healthClass));
		j.writeEndObject();
	}

	void coverage(JsonGenerator j, String patientUuid, Circumstances.Card card, String cardNumber, String facilityCode,
			String stationRecord) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Coverage");
		profile(j, coverageProfile);
		j.writeArrayFieldStart("extension");
		j.writeStartObject();
		j.writeStringField("url", benefitLevelExt);
		j.writeNumberField("valuePositiveInt", card.category().level);
		j.writeEndObject();
		j.writeStartObject();
		j.writeStringField("url", registeredFacilityExt);
		reference(j, "valueReference", SubmissionContract.organizationCondition(facilityCode));
		j.writeEndObject();
		j.writeEndArray();
		j.writeArrayFieldStart("identifier");
		identifier(j, BHYT, cardNumber);
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "active");
		codeableConcept(j, "type", ACT_CODE, "PUBLICPOL", "public healthcare");
		urn(j, "beneficiary", patientUuid);
		j.writeObjectFieldStart("period");
		j.writeStringField("start", date(card.start()));
		if (card.end() != Integer.MAX_VALUE) {
			j.writeStringField("end", date(card.end()));
		}
		j.writeEndObject();
		j.writeArrayFieldStart("payor");
		j.writeStartObject();
		j.writeStringField("display", payorName);
		j.writeEndObject();
		j.writeEndArray();
		j.writeEndObject();
	}
}
