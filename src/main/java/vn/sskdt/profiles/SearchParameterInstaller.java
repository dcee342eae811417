package vn.sskdt.profiles;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stores the SearchParameters of our FHIR package (e.g. the unique personal ID, the commune of
 * residence) in the server's store, where HAPI indexes by them, before the server takes requests. The
 * package stays their single source; an unchanged parameter is not rewritten (HAPI skips no-op updates),
 * a changed one makes HAPI reindex the resources it applies to. Runs at the end of start-up; the
 * readiness probe turns ready only after it.
 */
@Component
class SearchParameterInstaller {

	private static final Logger log = LoggerFactory.getLogger(SearchParameterInstaller.class);

	private final NpmPackageValidationSupport ourPackage;
	private final DaoRegistry daos;
	private final ISearchParamRegistry registry;

	SearchParameterInstaller(NpmPackageValidationSupport sskdtProfilePackage, DaoRegistry daos, ISearchParamRegistry registry) {
		this.ourPackage = sskdtProfilePackage;
		this.daos = daos;
		this.registry = registry;
	}

	/**
	 * After HAPI has registered its batch jobs (a changed parameter starts a reindex job), which is also
	 * before the readiness probe reports the server ready to take traffic.
	 */
	@EventListener(ContextRefreshedEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	public void install() {
		List<IBaseResource> parameters = ourPackage.fetchAllSearchParameters();
		// a composite names its components, which must be stored first
		List<SearchParameter> inOrder = parameters.stream().map(p -> ((SearchParameter) p).copy())
				.sorted(java.util.Comparator.comparing(p -> p.getType() == org.hl7.fhir.r4.model.Enumerations.SearchParamType.COMPOSITE))
				.toList();
		for (SearchParameter copy : inOrder) {
			daos.getResourceDao(SearchParameter.class).update(copy, new SystemRequestDetails());
		}
		registry.forceRefresh();
		log.info("Search parameters of our package installed: {}", parameters.size());
	}
}
