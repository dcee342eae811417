package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import vn.sskdt.security.Caller;
import vn.sskdt.security.Role;

/**
 * What an operation generates from one health book (a summary, a forecast), kept per book and variant
 * in a {@link FreshCache} as its JSON text: a compact, immutable copy. Each answer is a fresh resource
 * parsed from it, so requests never share (HAPI model objects create children as they are read, which
 * is not safe across threads), and HAPI's answer path (the access rules' check of every resource of the
 * answer, the encoding the client asked for) runs as for any other answer.
 */
final class KeptResources<T extends IBaseResource> {

	private final FreshCache<String> cache;
	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final Class<T> type;

	KeptResources(String name, Class<T> type, int megabytes, BookChanges changes, FhirContext fhirContext,
			DaoRegistry daos, MeterRegistry meters) {
		// a String of Vietnamese text holds two bytes per character
		this.cache = new FreshCache<>(name, changes, BookChanges.Scope.BOOKS, megabytes * 1024L * 1024L / 2,
				String::length, meters);
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.type = type;
	}

	/**
	 * The resource generated from {@code patient}'s book for {@code variant}, kept or new. Citizens reach
	 * this only for their own books and their children's (the access rules decided on the instance). Any
	 * other caller (station staff: their commune's residents only) first reads the Patient with their own
	 * request, as the generation does, so that the same rules answer them (404 for another commune's).
	 */
	T get(IdType patient, String variant, RequestDetails request, Supplier<T> generate) {
		if (Caller.current().filter(caller -> caller.is(Role.CITIZEN)).isEmpty()) {
			daos.getResourceDao(Patient.class).read(patient.toUnqualifiedVersionless(), request);
		}
		Object[] generated = new Object[1];
		String json = cache.get(BookChanges.book(patient.getIdPart()), variant, () -> {
			T resource = generate.get();
			generated[0] = resource;
			return fhirContext.newJsonParser().encodeResourceToString(resource);
		});
		return generated[0] != null ? type.cast(generated[0]) : fhirContext.newJsonParser().parseResource(type, json);
	}
}
