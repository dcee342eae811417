package vn.sskdt.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What the generator takes from our FHIR package (built from {@code fhir-profiles/}, on the classpath
 * as {@code /fhir/package.tgz}): its canonical, hence every profile and code-system URL, the displays
 * of our codes, and the vaccine maps to CVX and ATC. Nothing of the package is restated in Java, so
 * the generated data follows the profiles when they change.
 */
final class PackageCodes {

	static final String PACKAGE = "/fhir/package.tgz";

	private final String canonical;
	/** code-system URL → code → display */
	private final Map<String, Map<String, String>> displays = new HashMap<>();
	/** ConceptMap id → source code → target code */
	private final Map<String, Map<String, String>> conceptMaps = new HashMap<>();

	private static PackageCodes loaded;

	static synchronized PackageCodes get() {
		if (loaded == null) {
			loaded = new PackageCodes();
		}
		return loaded;
	}

	private PackageCodes() {
		ObjectMapper json = new ObjectMapper();
		String packageCanonical = null;
		try (InputStream in = PackageCodes.class.getResourceAsStream(PACKAGE)) {
			if (in == null) {
				throw new IllegalStateException(PACKAGE + " is not on the classpath; build with Maven (fhir-profiles/build.sh)");
			}
			TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in));
			for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
				String name = entry.getName();
				if (name.endsWith("/package.json")) {
					packageCanonical = json.readTree(tar.readAllBytes()).path("canonical").asText(null);
				} else if (name.contains("/CodeSystem-") && name.endsWith(".json")) {
					JsonNode cs = json.readTree(tar.readAllBytes());
					Map<String, String> codes = new HashMap<>();
					for (JsonNode concept : cs.path("concept")) {
						codes.put(concept.path("code").asText(), concept.path("display").asText(null));
					}
					displays.put(cs.path("url").asText(), codes);
				} else if (name.contains("/ConceptMap-") && name.endsWith(".json")) {
					JsonNode cm = json.readTree(tar.readAllBytes());
					Map<String, String> map = new HashMap<>();
					for (JsonNode group : cm.path("group")) {
						for (JsonNode element : group.path("element")) {
							map.put(element.path("code").asText(), element.path("target").path(0).path("code").asText());
						}
					}
					conceptMaps.put(cm.path("id").asText(), map);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (packageCanonical == null) {
			throw new IllegalStateException(PACKAGE + " has no canonical in package.json");
		}
		this.canonical = packageCanonical;
	}

	String canonical() {
		return canonical;
	}

	String profile(String id) {
		return canonical + "/StructureDefinition/" + id;
	}

	String extension(String id) {
		return canonical + "/StructureDefinition/" + id;
	}

	String codeSystem(String id) {
		String url = canonical + "/CodeSystem/" + id;
		if (!displays.containsKey(url)) {
			throw new IllegalStateException("code system " + id + " is not in our FHIR package");
		}
		return url;
	}

	/** The display of a code of one of our code systems; fails for a code the package does not have. */
	String display(String codeSystemId, String code) {
		String display = displays.get(codeSystem(codeSystemId)).get(code);
		if (display == null && !displays.get(codeSystem(codeSystemId)).containsKey(code)) {
			throw new IllegalStateException("code " + code + " is not in code system " + codeSystemId);
		}
		return display;
	}

	/** Target of a national vaccine code in one of the package's ConceptMaps (vn-vaccine-to-cvx / -atc). */
	String mapVaccine(String conceptMapId, String vaccine) {
		Map<String, String> map = conceptMaps.get(conceptMapId);
		return map == null ? null : map.get(vaccine);
	}
}
