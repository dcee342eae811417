package vn.sskdt.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives the sign-in's demo citizens (application.yaml, {@code sskdt.security.local.users}) a health
 * book in the demo commune: each takes the place of a generated resident of the same sex and birth
 * year (both are written in a personal ID, and the profiles check them), preferably a parent of
 * children under 18, so that a parent's app shows the children's books too. The resident keeps
 * everything but personal ID and name, which become the demo user's, also where the resident is
 * named as a child's guardian.
 */
final class DemoCitizens {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** A demo user with a personal ID: its 12 digits and display name ("Nguyễn Thị Hoa"). */
	record Citizen(String cccd, String name) {
		boolean female() {
			return (cccd.charAt(3) - '0') % 2 == 1;
		}

		int birthYear() {
			return 1900 + 100 * ((cccd.charAt(3) - '0') / 2) + Integer.parseInt(cccd.substring(4, 6));
		}
	}

	/** A generated resident: personal ID, sex, birth year, and whether they are a guardian in the commune. */
	private record Resident(String cccd, boolean female, int birthYear, boolean guardian) {}

	private DemoCitizens() {}

	/**
	 * The bundles with the demo citizens in place, or empty when some citizen has no matching
	 * resident (or when a matching parent was wanted and none exists: {@code parentsOnly}).
	 */
	static Optional<List<String>> adopt(List<String> bundles, List<Citizen> citizens, boolean parentsOnly) {
		List<ObjectNode> parsed = bundles.stream().map(DemoCitizens::parse).toList();
		Map<String, Resident> residents = residents(parsed);
		Map<String, Citizen> replacements = new LinkedHashMap<>();
		Set<String> taken = new HashSet<>();
		for (Citizen citizen : citizens) {
			if (residents.containsKey(citizen.cccd())) {
				return Optional.empty(); // the generator already gave that ID to someone
			}
			Optional<Resident> match = residents.values().stream()
					.filter(r -> !taken.contains(r.cccd()) && r.female() == citizen.female() && r.birthYear() == citizen.birthYear())
					.filter(r -> r.guardian() || !parentsOnly)
					.sorted(Comparator.comparing(Resident::guardian).reversed().thenComparing(Resident::cccd))
					.findFirst();
			if (match.isEmpty()) {
				return Optional.empty();
			}
			taken.add(match.get().cccd());
			replacements.put(match.get().cccd(), citizen);
		}
		List<String> rewritten = new ArrayList<>(parsed.size());
		for (ObjectNode bundle : parsed) {
			bundle.path("entry").forEach(entry -> replace((ObjectNode) entry, replacements));
			rewritten.add(bundle.toString());
		}
		return Optional.of(rewritten);
	}

	private static Map<String, Resident> residents(List<ObjectNode> bundles) {
		Set<String> guardians = new HashSet<>();
		Map<String, JsonNode> patients = new LinkedHashMap<>();
		for (ObjectNode bundle : bundles) {
			for (JsonNode entry : bundle.path("entry")) {
				JsonNode resource = entry.path("resource");
				switch (resource.path("resourceType").asText()) {
					case "Patient" -> patients.put(cccd(resource), resource);
					case "RelatedPerson" -> guardians.add(cccd(resource));
					default -> { }
				}
			}
		}
		Map<String, Resident> residents = new LinkedHashMap<>();
		patients.forEach((cccd, patient) -> residents.put(cccd, new Resident(cccd,
				"female".equals(patient.path("gender").asText()),
				Integer.parseInt(patient.path("birthDate").asText().substring(0, 4)),
				guardians.contains(cccd))));
		return residents;
	}

	private static void replace(ObjectNode entry, Map<String, Citizen> replacements) {
		JsonNode resource = entry.path("resource");
		String type = resource.path("resourceType").asText();
		if (!type.equals("Patient") && !type.equals("RelatedPerson")) {
			return;
		}
		Citizen citizen = replacements.get(cccd(resource));
		if (citizen == null) {
			return;
		}
		for (JsonNode identifier : resource.path("identifier")) {
			if (SubmissionContract.CCCD.equals(identifier.path("system").asText())) {
				((ObjectNode) identifier).put("value", citizen.cccd());
			}
		}
		String[] words = citizen.name().trim().split("\\s+");
		ObjectNode name = JSON.createObjectNode().put("text", citizen.name()).put("family", words[0]);
		ArrayNode given = name.putArray("given");
		for (int k = 1; k < words.length; k++) {
			given.add(words[k]);
		}
		((ObjectNode) resource).putArray("name").add(name);
		if (type.equals("Patient")) {
			((ObjectNode) entry.path("request")).put("url", SubmissionContract.patientCondition(citizen.cccd()));
		}
	}

	private static String cccd(JsonNode resource) {
		for (JsonNode identifier : resource.path("identifier")) {
			if (SubmissionContract.CCCD.equals(identifier.path("system").asText())) {
				return identifier.path("value").asText();
			}
		}
		return "";
	}

	private static ObjectNode parse(String json) {
		try {
			return (ObjectNode) JSON.readTree(json);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
