package vn.sskdt.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.i18n.Msg;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.model.Resource;

/**
 * HAPI's worker context (what the core validator asks for definitions), with the answers to
 * "which resource has this canonical URL" kept once found.
 *
 * <p>Why: the core validator asks this question many times per element (profiles, extension and
 * type definitions, and for every code of a system we do not hold, whether its URL is a ValueSet),
 * and HAPI 8.8.0 answers each time through the whole support chain: the resource type's definition
 * looked up in the FhirContext, a cache key built, the chain's cache, the R5 copy found in the
 * resource's user data; a URL that names nothing costs an exception with a formatted message and a
 * stack trace. Together ~7 % of the validation of a check-up transaction in a flight recording
 * (BENCHMARKS.md). The definitions themselves never change while the server runs (our package and the
 * R4 core, loaded at start-up), so an answer found once stays right; {@link #invalidateCaches} forgets
 * them all.
 *
 * <p>What is kept: every resource found (bounded by the definitions the chain holds, a few thousand
 * URLs) and up to {@link #MISSES_KEPT} URLs that name nothing — those come from the validated content
 * itself (code systems, extension URLs), so they are bounded and the least used are dropped.
 * Failures (an exception from the chain) are not kept: each call fails as HAPI's does.
 */
final class KeptDefinitions extends WorkerContextValidationSupportAdapter {

	static final int MISSES_KEPT = 10_000;

	/** by type asked for, then URL (a map per type: the lookups compare URLs only) */
	private final Map<Class<?>, Map<String, Resource>> found = new ConcurrentHashMap<>();
	private final Cache<Missing, Boolean> missing = Caffeine.newBuilder().maximumSize(MISSES_KEPT).build();

	private record Missing(Class<?> type, String url) {}

	KeptDefinitions(IValidationSupport validationSupport) {
		super(validationSupport);
	}

	@Override
	public <T extends Resource> T fetchResource(Class<T> type, String url) {
		if (url == null) {
			return super.fetchResource(type, url);
		}
		Map<String, Resource> ofType = found.get(type);
		if (ofType == null) {
			ofType = found.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
		}
		Resource resource = ofType.get(url);
		if (resource == null) {
			Missing key = new Missing(type, url);
			if (missing.getIfPresent(key) != null) {
				return null;
			}
			resource = super.fetchResource(type, url);
			if (resource == null) {
				missing.put(key, Boolean.TRUE);
				return null;
			}
			ofType.put(url, resource);
		}
		return type.cast(resource);
	}

	/** As HAPI's, without building a stack trace: the validator asks this to find out, and catches it. */
	@Override
	public <T extends Resource> T fetchResourceWithException(Class<T> type, String url) throws FHIRException {
		T resource = fetchResource(type, url);
		if (resource == null) {
			throw new NotFound(Msg.code(667) + "Can not find resource of type " + type.getSimpleName() + " with uri " + url);
		}
		return resource;
	}

	@Override
	public void invalidateCaches() {
		super.invalidateCaches();
		found.clear();
		missing.invalidateAll();
	}

	/** How many URLs that name nothing are kept now. */
	long missesKept() {
		missing.cleanUp();
		return missing.estimatedSize();
	}

	/** Thrown where HAPI throws its FHIRException for a URL that names nothing; no stack trace. */
	static final class NotFound extends FHIRException {
		NotFound(String message) {
			super(message);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	}
}
