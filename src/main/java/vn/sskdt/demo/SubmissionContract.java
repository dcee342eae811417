package vn.sskdt.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * How a commune station submits its records: the envelope of every Bundle the generator writes, and
 * what other code (loader, tests, benchmarks, the server's ingest rules) may rely on.
 *
 * <p>One FHIR <b>transaction</b> Bundle per station visit, one Bundle per line (NDJSON), in the order
 * of submission:
 *
 * <ul>
 *   <li><b>Organization bundles</b> come first, one per commune station: a single entry
 *       {@code PUT Organization?identifier=http://fhir.hl7.org.vn/core/sid/ma-cskcb|<facilityCode>}
 *       (conditional update), fullUrl {@code urn:uuid:<uuid>}.
 *   <li><b>Every other bundle</b> starts with the resident: {@code PUT
 *       Patient?identifier=http://fhir.hl7.org.vn/core/sid/cccd|<12-digit personal ID>} (conditional
 *       update, the whole current Patient), fullUrl {@code urn:uuid:<uuid>}; the other entries refer
 *       to the resident by that {@code urn:uuid}.
 *   <li>Every other resource carries a <b>station record identifier</b>, system
 *       {@value #STATION_RECORD}, value {@code <facilityCode>-<localRecordNumber>} (unique per
 *       resource; the same record sent again has the same value), and is sent as {@code POST <Type>}
 *       with {@code ifNoneExist: identifier=}{@value #STATION_RECORD}{@code |<value>}: submitting a
 *       bundle again changes nothing.
 *   <li>Organizations are referred to by conditional references {@code
 *       Organization?identifier=http://fhir.hl7.org.vn/core/sid/ma-cskcb|<facilityCode>}.
 * </ul>
 *
 * <p>Entries are written as {@code fullUrl}, {@code resource}, {@code request}. The kinds of
 * bundle are listed in {@code docs/synthetic-province.md}.
 */
public final class SubmissionContract {

	/** Personal ID (CCCD, mã định danh cá nhân). */
	public static final String CCCD = "http://fhir.hl7.org.vn/core/sid/cccd";
	/** Health facility code (mã cơ sở KCB). */
	public static final String FACILITY = "http://fhir.hl7.org.vn/core/sid/ma-cskcb";
	/** The submitting station's own record number: {@code <facilityCode>-<localRecordNumber>}. */
	public static final String STATION_RECORD = "https://sskdt.vn/fhir/sid/station-record";

	private static final SerializedString STATION_RECORD_ENCODED = new SerializedString(STATION_RECORD);

	private SubmissionContract() {}

	public static String patientCondition(String personalId) {
		return "Patient?identifier=" + CCCD + "|" + personalId;
	}

	public static String organizationCondition(String facilityCode) {
		return "Organization?identifier=" + FACILITY + "|" + facilityCode;
	}

	public static String stationRecord(String facilityCode, long localRecordNumber) {
		return facilityCode + "-" + localRecordNumber;
	}

	public static String ifNoneExist(String stationRecord) {
		return "identifier=" + STATION_RECORD + "|" + stationRecord;
	}

	/** Writes the JSON of one resource. */
	@FunctionalInterface
	interface Body {
		void write(JsonGenerator json) throws IOException;
	}

	static void startBundle(JsonGenerator json) throws IOException {
		json.writeStartObject();
		json.writeStringField("resourceType", "Bundle");
		json.writeStringField("type", "transaction");
		json.writeArrayFieldStart("entry");
	}

	static void endBundle(JsonGenerator json) throws IOException {
		json.writeEndArray();
		json.writeEndObject();
	}

	/** The resident: conditional update by personal ID. */
	static void patient(JsonGenerator json, String uuid, String personalId, Body patient) throws IOException {
		entry(json, uuid, patient, "PUT", patientCondition(personalId), null);
	}

	/** A commune station: conditional update by facility code. */
	static void organization(JsonGenerator json, String uuid, String facilityCode, Body organization) throws IOException {
		entry(json, uuid, organization, "PUT", organizationCondition(facilityCode), null);
	}

	/** Any other record: conditional create by its station record identifier. */
	static void record(JsonGenerator json, String uuid, String type, String stationRecord, Body resource) throws IOException {
		entry(json, uuid, resource, "POST", type, ifNoneExist(stationRecord));
	}

	/** The station record identifier, as an element of a resource's {@code identifier} array. */
	static void stationRecordIdentifier(JsonGenerator json, String stationRecord) throws IOException {
		json.writeStartObject();
		json.writeFieldName("system");
		json.writeString(STATION_RECORD_ENCODED);
		json.writeStringField("value", stationRecord);
		json.writeEndObject();
	}

	private static void entry(JsonGenerator json, String uuid, Body resource, String method, String url, String ifNoneExist)
			throws IOException {
		json.writeStartObject();
		json.writeStringField("fullUrl", "urn:uuid:" + uuid);
		json.writeFieldName("resource");
		resource.write(json);
		json.writeObjectFieldStart("request");
		json.writeStringField("method", method);
		json.writeStringField("url", url);
		if (ifNoneExist != null) {
			json.writeStringField("ifNoneExist", ifNoneExist);
		}
		json.writeEndObject();
		json.writeEndObject();
	}
}
