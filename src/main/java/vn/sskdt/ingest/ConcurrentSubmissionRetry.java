package vn.sskdt.ingest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * When two stations register the same person at the same moment, both conditional creates find no
 * match and race; the database's unique personal-ID index lets one win and the other fails with a
 * version conflict. HAPI can then rerun the loser's whole request, whose conditional create now finds
 * the winner's Patient: the station gets the answer it would have had a moment later, not a 409. HAPI
 * only does this when asked per request (its {@code UserRequestRetryVersionConflictsInterceptor}
 * wants a header); station software should not have to know, so we ask for every request.
 */
@Component
class ConcurrentSubmissionRetry implements FhirServerInterceptor {

	private static final int MAX_RETRIES = 3;

	@Hook(Pointcut.STORAGE_VERSION_CONFLICT)
	ResourceVersionConflictResolutionStrategy retry(RequestDetails request) {
		ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
		strategy.setRetry(true);
		strategy.setMaxRetries(MAX_RETRIES);
		return strategy;
	}
}
