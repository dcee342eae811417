package vn.sskdt.citizen;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import vn.sskdt.security.Caller;
import vn.sskdt.security.Role;

/**
 * What an operation generates from one health book (a summary, a forecast), kept per book and variant
 * in a {@link FreshCache}. The kept resource is never handed out itself: each answer is a deep copy
 * ({@code copy()}), so requests never share one (HAPI model objects create missing children as they
 * are read, which is not safe across threads), and HAPI's answer path (the access rules' check of every
 * resource of the answer, the encoding the client asked for) runs as for any other answer. A copy rather
 * than the JSON text parsed again: parsing re-reads a summary's ~20 XHTML narratives, and HAPI's parser
 * (parse and encode) was half of a kept summary's sampled CPU; the price is memory, which the weight
 * below accounts for.
 */
final class KeptResources<T extends Resource> {

	/**
	 * Bytes of memory per character of the resource's JSON, roughly: HAPI's objects of a summary take
	 * several times its JSON text. An estimate to turn megabytes into a bound, not a measurement.
	 */
	static final int BYTES_PER_JSON_CHARACTER = 10;

	private final FreshCache<Kept<T>> cache;
	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final Class<T> type;

	private record Kept<T>(T resource, int weight) {}

	KeptResources(String name, Class<T> type, int megabytes, BookChanges changes, FhirContext fhirContext,
			DaoRegistry daos, MeterRegistry meters) {
		this.cache = new FreshCache<>(name, changes, BookChanges.Scope.BOOKS, megabytes * 1024L * 1024L,
				Kept::weight, meters);
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
		Kept<T> kept = cache.get(BookChanges.book(patient.getIdPart()), variant, () -> {
			T resource = generate.get();
			generated[0] = resource;
			int characters = fhirContext.newJsonParser().encodeResourceToString(resource).length();
			// copied before the answer path can touch the original
			return new Kept<>(type.cast(resource.copy()), (int) Math.min(Integer.MAX_VALUE,
					(long) characters * BYTES_PER_JSON_CHARACTER));
		});
		return generated[0] != null ? type.cast(generated[0]) : type.cast(kept.resource().copy());
	}
}
