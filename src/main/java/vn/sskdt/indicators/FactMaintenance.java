package vn.sskdt.indicators;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Maintains the indicator facts in the transaction that stores each resource: HAPI's pre-commit
 * storage hooks run inside it (for a transaction Bundle, once at its end, with references resolved),
 * so the facts commit or roll back with the resources.
 *
 * <p>Registered with HAPI's JPA interceptor service, not the REST server's, so that every write
 * counts: REST requests, and writes made inside the server (demo data, bulk import, rebuilds).
 * Timer {@code sskdt.indicators.facts.maintenance} says what it adds to writes (BENCHMARKS.md).
 */
@Component
@Interceptor
class FactMaintenance {

	private final PopulationFacts facts;
	private final ResidentYears residentYears;
	private final Timer timer;

	FactMaintenance(PopulationFacts facts, ResidentYears residentYears, IInterceptorService jpaInterceptors, MeterRegistry meters) {
		this.facts = facts;
		this.residentYears = residentYears;
		this.timer = Timer.builder("sskdt.indicators.facts.maintenance")
				.description("Time spent writing indicator facts inside FHIR write transactions").register(meters);
		jpaInterceptors.registerInterceptor(this);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		timer.record(() -> residentYears.changed(facts.record(resource, true)));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		timer.record(() -> residentYears.changed(facts.record(resource)));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	void deleted(IBaseResource resource) {
		timer.record(() -> residentYears.changed(facts.forget(resource)));
	}
}
