package vn.sskdt.support;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The example instances of our FHIR package ({@code fhir-profiles/input/fsh/examples.fsh}), valid by
 * construction: tests start from them so that test data follows the profiles as they evolve.
 */
public final class Examples {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static Map<String, Resource> byId;

	private Examples() {}

	/** A fresh copy of the example with this id (e.g. {@code vn-patient-example}). */
	@SuppressWarnings("unchecked")
	public static <T extends Resource> T get(String id) {
		Resource example = all().get(id);
		if (example == null) {
			throw new IllegalArgumentException("no example " + id + " in the package; have " + all().keySet());
		}
		return (T) example.copy();
	}

	/** Every example, keyed by id, in the order the package lists them. */
	public static synchronized Map<String, Resource> all() {
		if (byId == null) {
			byId = load();
		}
		return byId;
	}

	/** One transaction that stores every example under its own id (PUT), so references resolve. */
	public static Bundle asTransaction() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		all().values().forEach(example -> transaction.addEntry()
				.setResource(example.copy())
				.getRequest().setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(example.fhirType() + "/" + example.getIdElement().getIdPart()));
		return transaction;
	}

	private static Map<String, Resource> load() {
		Map<String, Resource> examples = new LinkedHashMap<>();
		try (InputStream in = Examples.class.getResourceAsStream("/fhir/package.tgz");
				TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
			for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
				String name = entry.getName();
				if (!name.endsWith(".json") || name.endsWith("package.json") || name.endsWith(".index.json")) {
					continue;
				}
				Resource resource = (Resource) FHIR.newJsonParser()
						.parseResource(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
				boolean conformance = switch (resource.fhirType()) {
					case "StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "ImplementationGuide", "SearchParameter" -> true;
					default -> false;
				};
				if (!conformance) {
					examples.put(resource.getIdElement().getIdPart(), resource);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return examples;
	}
}
