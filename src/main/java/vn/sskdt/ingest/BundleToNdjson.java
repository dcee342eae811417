package vn.sskdt.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import vn.sskdt.demo.SubmissionContract;

/**
 * Turns check-up submissions (transaction Bundles, one per line, as docs/submitting-checkups.md and the
 * synthetic province generator write them) into NDJSON files of resources for HAPI's {@code $import}.
 *
 * <p>What a REST submission leaves to the server is done here, the same way: a conditional reference
 * ({@code Patient?identifier=cccd|…}, {@code Organization?identifier=ma-cskcb|…}) and an entry's
 * {@code urn:uuid:} become {@code Type/id}, the id made by {@link BulkIds} from the business identifier;
 * a record sent again (an insurance card with each check-up) is written once; a resident, sent with
 * every bundle, is written once in its last state (the conditional update of the last bundle wins, as
 * over REST). Identifiers and content are kept as submitted, so a later REST resubmission finds them.
 *
 * <p>Files are split by <em>level</em>: a resource is one level above the highest resource of this load
 * it refers to (stations 0, residents 1, encounters 2, their observations 3, a BMI derived from them 4).
 * HAPI's job stores the chunks of one import in any order and enforces referential integrity, so each
 * level is imported after the one below it is stored ({@link BulkLoad}).
 */
final class BundleToNdjson {

	/** One NDJSON file to import: its level, resource type, path and number of resources. */
	record Output(int level, String type, Path file, long resources) {}

	/** A bundle of the input that was not converted, and why. */
	record Rejected(long line, String reason) {}

	private final FhirContext fhirContext;
	private final BulkIds ids;
	/** facility code → id of a station already on the server (reused, never stored again) */
	private final Function<String, Optional<String>> stationOnServer;
	private final Map<String, Optional<String>> existingStations = new HashMap<>();
	private final Set<String> existingStationIds = new HashSet<>();
	/** resident id → personal ID, to check that no resident is already stored under another id */
	private final Map<String, String> personalIds = new HashMap<>();
	private final Path directory;

	/** "Type/id" → level, for every resource written so far: also what keeps a record from being written twice */
	private final Map<String, Integer> levels = new HashMap<>();
	/** a resident's last state, written at the end (it may change, e.g. at death, until the last bundle) */
	private final Map<String, String> residents = new LinkedHashMap<>();
	private final Map<String, BufferedWriter> writers = new TreeMap<>();
	private final Map<String, Long> counts = new TreeMap<>();
	private final IParser parser;
	private long bundles;
	private final List<Rejected> rejected = new ArrayList<>();

	/**
	 * @param stationOnServer the id of the station with this facility code when the server has it already
	 * @param directory       where the NDJSON files are written
	 */
	BundleToNdjson(FhirContext fhirContext, BulkIds ids, Function<String, Optional<String>> stationOnServer, Path directory) {
		this.fhirContext = fhirContext;
		this.ids = ids;
		this.stationOnServer = stationOnServer;
		this.directory = directory;
		this.parser = fhirContext.newJsonParser();
	}

	/**
	 * Converts every bundle of the stream. A bundle that cannot be converted is left out and listed in
	 * {@link #rejected()} with its line number; problems of the server (station look-up) end the conversion.
	 */
	List<Output> convert(InputStream ndjsonBundles) throws IOException {
		Files.createDirectories(directory);
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(ndjsonBundles, StandardCharsets.UTF_8))) {
			long lineNumber = 0;
			for (String line; (line = lines.readLine()) != null; ) {
				lineNumber++;
				if (line.isBlank()) {
					continue;
				}
				try {
					bundle(parser.parseResource(Bundle.class, line));
					bundles++;
				} catch (DataFormatException | IllegalArgumentException invalid) {
					// as over REST, a bundle the server could not take is refused alone; every later bundle of
					// the resident carries the resident again, so nothing else depends on it
					rejected.add(new Rejected(lineNumber, invalid.getMessage()));
				}
			}
		}
		for (Map.Entry<String, String> resident : residents.entrySet()) {
			write(levels.get(resident.getKey()), "Patient", resident.getValue());
		}
		residents.clear();
		List<Output> outputs = new ArrayList<>();
		for (Map.Entry<String, BufferedWriter> file : writers.entrySet()) {
			file.getValue().close();
			String[] levelAndType = file.getKey().split("-", 2);
			outputs.add(new Output(Integer.parseInt(levelAndType[0]), levelAndType[1],
					directory.resolve(file.getKey() + ".ndjson"), counts.get(file.getKey())));
		}
		return outputs;
	}

	long bundles() {
		return bundles;
	}

	/** the bundles not converted (invalid FHIR, a resource without its business identifier…), in input order */
	List<Rejected> rejected() {
		return rejected;
	}

	/** resident id → personal ID of every resident converted */
	Map<String, String> personalIds() {
		return personalIds;
	}

	private void bundle(Bundle bundle) throws IOException {
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			throw new IllegalArgumentException("not a transaction Bundle");
		}
		// first every entry's server id, so that references between entries resolve in any order
		Map<String, String> byFullUrl = new HashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null) {
				throw new IllegalArgumentException("an entry without a resource");
			}
			String id = idOf(resource);
			resource.setId(resource.fhirType() + "/" + id);
			if (entry.hasFullUrl()) {
				byFullUrl.put(entry.getFullUrl(), resource.fhirType() + "/" + id);
			}
		}
		Map<Resource, List<String>> targets = new LinkedHashMap<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			targets.put(entry.getResource(), resolveReferences(entry.getResource(), byFullUrl));
		}
		for (Map.Entry<Resource, List<String>> next : targets.entrySet()) {
			Resource resource = next.getKey();
			String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			if (resource instanceof Organization && existingStationIds.contains(resource.getIdElement().getIdPart())) {
				continue; // already on the server: references point at it, it is not stored again
			}
			int level = levelOf(next.getValue(), targets, byFullUrl, 0);
			if (resource instanceof Patient) {
				levels.put(key, level);
				residents.put(key, parser.encodeResourceToString(resource));
			} else if (levels.putIfAbsent(key, level) == null) {
				write(level, resource.fhirType(), parser.encodeResourceToString(resource));
			}
		}
	}

	/** One above the highest resource of this load referred to; what is already on the server does not count. */
	private int levelOf(List<String> references, Map<Resource, List<String>> inBundle, Map<String, String> byFullUrl, int depth) {
		if (depth > 20) {
			throw new IllegalArgumentException("references between the entries form a cycle");
		}
		int level = 0;
		for (String reference : references) {
			Integer known = levels.get(reference);
			for (Map.Entry<Resource, List<String>> entry : inBundle.entrySet()) {
				Resource other = entry.getKey();
				if (reference.equals(other.fhirType() + "/" + other.getIdElement().getIdPart())
						&& !existingStationIds.contains(other.getIdElement().getIdPart())) {
					known = levelOf(entry.getValue(), inBundle, byFullUrl, depth + 1);
				}
			}
			if (known != null) {
				level = Math.max(level, known + 1);
			}
		}
		return level;
	}

	/** Rewrites the resource's references to {@code Type/id}; returns them. */
	private List<String> resolveReferences(Resource resource, Map<String, String> byFullUrl) {
		List<String> resolved = new ArrayList<>();
		for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String target = reference.getReference();
			if (target == null || target.startsWith("#")) {
				continue;
			}
			if (target.startsWith("urn:uuid:")) {
				String local = byFullUrl.get(target);
				if (local == null) {
					throw new IllegalArgumentException(resource.fhirType() + " refers to " + target + ", which is not in its bundle");
				}
				target = local;
			} else if (target.contains("?")) {
				target = conditional(target);
			}
			reference.setReference(target);
			resolved.add(target);
		}
		return resolved;
	}

	/** {@code Type?identifier=system|value} → {@code Type/id}: the search a REST transaction would run. */
	private String conditional(String reference) {
		String type = reference.substring(0, reference.indexOf('?'));
		String query = reference.substring(reference.indexOf('?') + 1);
		if (!query.startsWith("identifier=") || query.contains("&") || !query.contains("|")) {
			throw new IllegalArgumentException("conditional reference other than by one identifier: " + type);
		}
		String token = java.net.URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
		String system = token.substring(0, token.indexOf('|'));
		String value = token.substring(token.indexOf('|') + 1);
		return type + "/" + idFor(type, system, value);
	}

	private String idOf(Resource resource) {
		String type = resource.fhirType();
		String system = switch (type) {
			case "Patient" -> SubmissionContract.CCCD;
			case "Organization" -> SubmissionContract.FACILITY;
			default -> SubmissionContract.STATION_RECORD;
		};
		for (Identifier identifier : identifiersOf(resource)) {
			if (system.equals(identifier.getSystem()) && identifier.hasValue()) {
				return idFor(type, system, identifier.getValue());
			}
		}
		throw new IllegalArgumentException(type + " without an identifier of " + system
				+ ": the bulk path needs a business identifier to give it a lasting id");
	}

	private String idFor(String type, String system, String value) {
		if ("Organization".equals(type) && SubmissionContract.FACILITY.equals(system)) {
			Optional<String> stored = existingStations.computeIfAbsent(value, stationOnServer);
			if (stored.isPresent()) {
				existingStationIds.add(stored.get());
				return stored.get();
			}
		}
		String id = ids.of(type, system, value);
		if ("Patient".equals(type) && SubmissionContract.CCCD.equals(system)) {
			personalIds.put(id, value);
		}
		return id;
	}

	@SuppressWarnings("unchecked")
	private List<Identifier> identifiersOf(Resource resource) {
		if (fhirContext.getResourceDefinition(resource).getChildByName("identifier") == null) {
			return List.of();
		}
		return (List<Identifier>) (List<?>) fhirContext.newTerser().getValues(resource, "identifier", Identifier.class);
	}

	private void write(int level, String type, String json) throws IOException {
		String name = level + "-" + type;
		BufferedWriter writer = writers.get(name);
		if (writer == null) {
			writer = Files.newBufferedWriter(directory.resolve(name + ".ndjson"), StandardCharsets.UTF_8);
			writers.put(name, writer);
		}
		writer.write(json);
		writer.write('\n');
		counts.merge(name, 1L, Long::sum);
	}
}
