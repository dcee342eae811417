package vn.sskdt.observability;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * One timer per FHIR resource type, interaction and outcome ({@code fhir_requests_seconds_*} in
 * Prometheus; its {@code _count} is the request counter). Spring's own HTTP metrics only see the
 * servlet path {@code /fhir/*}, which tells nothing about what was asked of the record.
 *
 * <p>Tag values come from HAPI's parsed request, never from raw URLs, so that neither personal data
 * nor unbounded values (an invented resource type, an id) reach the metrics.
 */
@Component
public class FhirRequestMetrics implements FhirServerInterceptor {

	static final String METER = "fhir.requests";

	private final MeterRegistry registry;
	private final Set<String> resourceTypes;

	public FhirRequestMetrics(MeterRegistry registry, FhirContext fhirContext) {
		this.registry = registry;
		this.resourceTypes = fhirContext.getResourceTypes();
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed(RequestDetails request, ServletRequestDetails servletRequest) {
		int status = servletRequest.getServletResponse().getStatus();
		Timer.builder(METER)
				.description("FHIR interactions by resource type, interaction and outcome")
				.tag("resource_type", resourceType(request))
				.tag("interaction", interaction(request))
				.tag("outcome", outcome(status))
				.tag("status", Integer.toString(status))
				.register(registry)
				.record(request.getRequestStopwatch().getMillis(), TimeUnit.MILLISECONDS);
	}

	private String resourceType(RequestDetails request) {
		String name = request.getResourceName();
		if (name == null || name.isEmpty()) {
			return "system";
		}
		return resourceTypes.contains(name) ? name : "unknown";
	}

	private static String interaction(RequestDetails request) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == null) {
			return "unknown";
		}
		// an operation is only set once HAPI has matched it to a registered provider: a bounded set
		String operation = request.getOperation();
		if (operation != null && operation.startsWith("$")) {
			return operation;
		}
		return type.getCode();
	}

	private static String outcome(int status) {
		if (status < 400) {
			return "success";
		}
		return status < 500 ? "client_error" : "server_error";
	}
}
