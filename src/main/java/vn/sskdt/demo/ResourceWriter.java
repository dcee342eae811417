package vn.sskdt.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FHIR JSON of each generated resource, written with Jackson's streaming generator. Every
 * resource declares its profile of our package and uses its code systems, taken from the package
 * itself ({@link PackageCodes}).
 *
 * <p>Speed: most bytes of a bundle are constant (profile and code-system URLs, codings, a station's
 * reference), so those parts are encoded once and written as pre-encoded UTF-8
 * ({@link JsonGenerator#writeRawValue(SerializableString)}); only the values that change (names,
 * dates, measurements, identifiers) go through Jackson's escaping. This is several times faster than
 * building HAPI model objects and encoding them (docs/synthetic-province.md).
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

	private static final SerializedString SYSTEM_CCCD = new SerializedString(SubmissionContract.CCCD);
	private static final SerializedString SYSTEM_BHYT = new SerializedString(BHYT);
	private static final SerializedString SYSTEM_UCUM = new SerializedString(UCUM);

	private final PackageCodes codes;
	private final AdminUnits.Province province;
	private final List<CommuneProfile> communes;
	private final Population p;
	private final JsonFactory factory = new JsonFactory();

	// pre-encoded parts
	private final Map<String, SerializedString> metas = new HashMap<>();
	private final Map<String, SerializedString> fragments = new HashMap<>();
	private final SerializedString[] ethnicityExtensions = new SerializedString[100];
	private final SerializedString[] stationReferences;
	private final Map<Integer, SerializedString> addresses = new HashMap<>();
	private final String[] dates;
	private final int firstDate;

	// URLs of our package, resolved once
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
		stationReferences = new SerializedString[communes.size()];
		for (CommuneProfile c : communes) {
			stationReferences[c.index] = encode(j -> {
				j.writeStartObject();
				j.writeStringField("reference", SubmissionContract.organizationCondition(c.facilityCode));
				j.writeEndObject();
			});
		}
		// every day a resident of the period can have been born on, and the days of the period
		firstDate = (int) LocalDate.of(1900, 1, 1).toEpochDay();
		dates = new String[(int) (LocalDate.of(2100, 12, 31).toEpochDay() - firstDate + 1)];
	}

	// ------------------------------------------------------------------ shared pieces

	private SerializedString encode(SubmissionContract.Body body) {
		StringWriter out = new StringWriter();
		try (JsonGenerator j = factory.createGenerator(out)) {
			body.write(j);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new SerializedString(out.toString());
	}

	private SerializedString fragment(String key, SubmissionContract.Body body) {
		SerializedString s = fragments.get(key);
		if (s == null) {
			s = encode(body);
			fragments.put(key, s);
		}
		return s;
	}

	private void raw(JsonGenerator j, String field, SerializableString value) throws IOException {
		j.writeFieldName(field);
		j.writeRawValue(value);
	}

	String date(int day) {
		String d = dates[day - firstDate];
		if (d == null) {
			d = LocalDate.ofEpochDay(day).toString();
			dates[day - firstDate] = d;
		}
		return d;
	}

	/** Local time (UTC+7) on a day, minutes after midnight. */
	String dateTime(int day, int minutes) {
		// a dose drawn at 23:59 and the next one a minute later stay on their day (T24:00 is no FHIR time)
		minutes = Math.min(minutes, 24 * 60 - 1);
		return date(day) + "T" + two(minutes / 60) + ":" + two(minutes % 60) + ":00+07:00";
	}

	private static String two(int n) {
		return n < 10 ? "0" + n : Integer.toString(n);
	}

	static String personalId(long cccd) {
		String s = Long.toString(cccd);
		return s.length() >= 12 ? s : "000000000000".substring(s.length()) + s;
	}

	private void profile(JsonGenerator j, String profileId) throws IOException {
		SerializedString meta = metas.get(profileId);
		if (meta == null) {
			String url = codes.profile(profileId);
			meta = encode(m -> {
				m.writeStartObject();
				m.writeArrayFieldStart("profile");
				m.writeString(url);
				m.writeEndArray();
				m.writeEndObject();
			});
			metas.put(profileId, meta);
		}
		raw(j, "meta", meta);
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

	private static void codeableConcept(JsonGenerator j, String system, String code, String display) throws IOException {
		j.writeStartObject();
		j.writeArrayFieldStart("coding");
		coding(j, system, code, display);
		j.writeEndArray();
		j.writeEndObject();
	}

	private void urn(JsonGenerator j, String field, String uuid) throws IOException {
		j.writeObjectFieldStart(field);
		j.writeStringField("reference", "urn:uuid:" + uuid);
		j.writeEndObject();
	}

	private void station(JsonGenerator j, String field, int commune) throws IOException {
		raw(j, field, stationReferences[commune]);
	}

	private static void identifier(JsonGenerator j, SerializedString system, String value) throws IOException {
		j.writeStartObject();
		j.writeFieldName("system");
		j.writeString(system);
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
		profile(j, "vn-organization");
		j.writeArrayFieldStart("extension");
		j.writeStartObject();
		j.writeStringField("url", servedCommuneExt);
		j.writeFieldName("valueCoding");
		coding(j, communeSystem, c.commune.code(), codes.display("vn-commune", c.commune.code()));
		j.writeEndObject();
		j.writeEndArray();
		j.writeArrayFieldStart("identifier");
		identifier(j, new SerializedString(SubmissionContract.FACILITY), c.facilityCode);
		j.writeEndArray();
		j.writeBooleanField("active", true);
		j.writeArrayFieldStart("type");
		codeableConcept(j, facilityTypeSystem, "tram-y-te", codes.display("vn-facility-type", "tram-y-te"));
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
		boolean female = p.female(i);
		j.writeStartObject();
		j.writeStringField("resourceType", "Patient");
		profile(j, "vn-patient");
		raw(j, "extension", ethnicityExtension(p.ethnicity[i]));
		j.writeArrayFieldStart("identifier");
		identifier(j, SYSTEM_CCCD, personalId(p.cccd[i]));
		j.writeEndArray();
		humanName(j, p.family[i], p.middle[i], p.given[i], female);
		j.writeStringField("gender", female ? "female" : "male");
		j.writeStringField("birthDate", date(p.birth[i]));
		if (reportDeath) {
			j.writeStringField("deceasedDateTime", date(p.death[i]));
		}
		raw(j, "address", address(i));
		j.writeEndObject();
	}

	private SerializedString ethnicityExtension(int code) {
		SerializedString s = ethnicityExtensions[code];
		if (s == null) {
			String ethnicity = code < 10 ? "0" + code : Integer.toString(code);
			s = encode(j -> {
				j.writeStartArray();
				j.writeStartObject();
				j.writeStringField("url", ethnicityExt);
				j.writeFieldName("valueCoding");
				coding(j, ethnicitySystem, ethnicity, codes.display("vn-ethnicity", ethnicity));
				j.writeEndObject();
				j.writeEndArray();
			});
			ethnicityExtensions[code] = s;
		}
		return s;
	}

	/** The home address: village or residential group of the household, commune, province. */
	private SerializedString address(int i) {
		CommuneProfile c = communes.get(p.commune[i]);
		int village = village(i, c);
		int key = c.index * 64 + village;
		SerializedString s = addresses.get(key);
		if (s == null) {
			String line = (c.commune.isWard() ? "Tổ dân phố " : "Thôn ") + village;
			s = encode(j -> {
				j.writeStartArray();
				j.writeStartObject();
				codedAddressExtensions(j, c);
				j.writeStringField("use", "home");
				j.writeStringField("text", line + ", " + c.commune.name() + ", " + province.name());
				j.writeArrayFieldStart("line");
				j.writeString(line);
				j.writeEndArray();
				j.writeStringField("city", c.commune.name());
				j.writeStringField("state", province.name());
				j.writeStringField("country", "VN");
				j.writeEndObject();
				j.writeEndArray();
			});
			addresses.put(key, s);
		}
		return s;
	}

	/** A child lives with its first guardian, a wife with her husband. */
	private int village(int i, CommuneProfile c) {
		int root = i;
		if (p.guardian1[root] >= 0 && p.commune[p.guardian1[root]] == p.commune[root]) {
			root = p.guardian1[root]; // only children have guardians
		}
		if (p.female(root) && p.partner[root] >= 0) {
			root = p.partner[root];
		}
		int villages = 6 + (int) ((Rand.mix(Long.parseLong(c.commune.code())) >>> 1) % 20);
		return 1 + (int) ((Rand.mix(root * 31L + 7) >>> 1) % villages);
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
		identifier(j, SYSTEM_CCCD, personalId(id));
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeBooleanField("active", true);
		urn(j, "patient", childUuid);
		raw(j, "relationship", fragment("relationship " + role, r -> {
			r.writeStartArray();
			switch (role) {
				case Population.MOTHER -> codeableConcept(r, ROLE_CODE, "MTH", "mother");
				case Population.FATHER -> codeableConcept(r, ROLE_CODE, "FTH", "father");
				default -> codeableConcept(r, ROLE_CODE, "GUARD", "guardian");
			}
			r.writeEndArray();
		}));
		humanName(j, family, middle, given, female);
		j.writeStringField("gender", female ? "female" : "male");
		j.writeEndObject();
	}

	void immunization(JsonGenerator j, String patientUuid, Vaccine vaccine, int doseNumber, int day, int minutes, int commune,
			String stationRecord) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Immunization");
		profile(j, "vn-immunization");
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "completed");
		raw(j, "vaccineCode", fragment("vaccine " + vaccine.code, v -> {
			v.writeStartObject();
			v.writeArrayFieldStart("coding");
			coding(v, vaccineSystem, vaccine.code, codes.display("vn-vaccine", vaccine.code));
			String cvx = codes.mapVaccine("vn-vaccine-to-cvx", vaccine.code);
			if (cvx != null) {
				coding(v, CVX, cvx, null);
			}
			String atc = codes.mapVaccine("vn-vaccine-to-atc", vaccine.code);
			if (atc != null) {
				coding(v, ATC, atc, null);
			}
			v.writeEndArray();
			v.writeEndObject();
		}));
		urn(j, "patient", patientUuid);
		j.writeStringField("occurrenceDateTime", dateTime(day, minutes));
		j.writeBooleanField("primarySource", true);
		String date = date(day);
		j.writeStringField("lotNumber", vaccine.lotPrefix + date.substring(2, 4) + date.substring(5, 7) + (char) ('A' + day % 4));
		j.writeArrayFieldStart("performer");
		j.writeStartObject();
		station(j, "actor", commune);
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
			int endMinutes, int commune, String stationRecord) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Encounter");
		profile(j, "vn-checkup-encounter");
		if (targetGroups != 0) {
			raw(j, "extension", fragment("groups " + targetGroups, e -> {
				e.writeStartArray();
				for (Circumstances.TargetGroup g : Circumstances.TargetGroup.values()) {
					if ((targetGroups & Circumstances.bit(g)) != 0) {
						e.writeStartObject();
						e.writeStringField("url", targetGroupExt);
						e.writeFieldName("valueCodeableConcept");
						codeableConcept(e, targetGroupSystem, g.code, codes.display("vn-target-group", g.code));
						e.writeEndObject();
					}
				}
				e.writeEndArray();
			}));
		}
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "finished");
		raw(j, "class", fragment("class", c -> coding(c, ACT_CODE, "AMB", "ambulatory")));
		raw(j, "type", fragment("type " + type.code, t -> {
			t.writeStartArray();
			codeableConcept(t, checkupTypeSystem, type.code, codes.display("vn-checkup-type", type.code));
			t.writeEndArray();
		}));
		urn(j, "subject", patientUuid);
		j.writeObjectFieldStart("period");
		j.writeStringField("start", dateTime(day, startMinutes));
		j.writeStringField("end", dateTime(day, endMinutes));
		j.writeEndObject();
		station(j, "serviceProvider", commune);
		j.writeEndObject();
	}

	/** Start of every Observation of a check-up, up to and including its code. */
	private void observationStart(JsonGenerator j, String profileId, String stationRecord, String category, String codeSystem,
			String code, String display) throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Observation");
		profile(j, profileId);
		j.writeArrayFieldStart("identifier");
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "final");
		raw(j, "category", fragment("category " + category, c -> {
			c.writeStartArray();
			codeableConcept(c, OBSERVATION_CATEGORY, category, null);
			c.writeEndArray();
		}));
		raw(j, "code", fragment("code " + codeSystem + "|" + code, c -> codeableConcept(c, codeSystem, code, display)));
	}

	private void observationContext(JsonGenerator j, String patientUuid, String encounterUuid, String effective) throws IOException {
		urn(j, "subject", patientUuid);
		urn(j, "encounter", encounterUuid);
		j.writeStringField("effectiveDateTime", effective);
	}

	private static void quantity(JsonGenerator j, String field, String value, String unit) throws IOException {
		j.writeObjectFieldStart(field);
		j.writeFieldName("value");
		j.writeNumber(value);
		j.writeStringField("unit", unit);
		j.writeFieldName("system");
		j.writeString(SYSTEM_UCUM);
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
		raw(j, "code", fragment("code systolic", c -> codeableConcept(c, LOINC, "8480-6", "Systolic blood pressure")));
		quantity(j, "valueQuantity", Integer.toString(systolic), "mm[Hg]");
		j.writeEndObject();
		j.writeStartObject();
		raw(j, "code", fragment("code diastolic", c -> codeableConcept(c, LOINC, "8462-4", "Diastolic blood pressure")));
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
		raw(j, "valueCodeableConcept", fragment("class " + healthClass,
				c -> codeableConcept(c, classificationSystem, healthClass, codes.display("vn-health-classification", healthClass))));
		j.writeEndObject();
	}

	void coverage(JsonGenerator j, String patientUuid, Circumstances.Card card, String cardNumber, int commune, String stationRecord)
			throws IOException {
		j.writeStartObject();
		j.writeStringField("resourceType", "Coverage");
		profile(j, "vn-coverage");
		int level = card.category().level;
		raw(j, "extension", fragment("coverage extensions " + level + " " + commune, e -> {
			e.writeStartArray();
			e.writeStartObject();
			e.writeStringField("url", benefitLevelExt);
			e.writeNumberField("valuePositiveInt", level);
			e.writeEndObject();
			e.writeStartObject();
			e.writeStringField("url", registeredFacilityExt);
			station(e, "valueReference", commune);
			e.writeEndObject();
			e.writeEndArray();
		}));
		j.writeArrayFieldStart("identifier");
		identifier(j, SYSTEM_BHYT, cardNumber);
		SubmissionContract.stationRecordIdentifier(j, stationRecord);
		j.writeEndArray();
		j.writeStringField("status", "active");
		raw(j, "type", fragment("coverage type", t -> codeableConcept(t, ACT_CODE, "PUBLICPOL", "public healthcare")));
		urn(j, "beneficiary", patientUuid);
		j.writeObjectFieldStart("period");
		j.writeStringField("start", date(card.start()));
		if (card.end() != Integer.MAX_VALUE) {
			j.writeStringField("end", date(card.end()));
		}
		j.writeEndObject();
		raw(j, "payor", fragment("payor", a -> {
			a.writeStartArray();
			a.writeStartObject();
			a.writeStringField("display", payorName);
			a.writeEndObject();
			a.writeEndArray();
		}));
		j.writeEndObject();
	}
}
