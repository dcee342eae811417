package vn.sskdt.security;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * A citizen's searches are rewritten to stay inside their own health books ({@code patient=…} or
 * {@code _id=…} added by HAPI), so that searching for someone else's personal ID, chaining or
 * {@code _has} answers an empty page, exactly as if that person did not exist, instead of a 403 that
 * would tell them the person is there.
 */
@Component
@Interceptor(order = AccessRules.ORDER - 1)
class CitizenSearchNarrowing extends SearchNarrowingInterceptor implements FhirServerInterceptor {

	private final CitizenRecords citizenRecords;

	CitizenSearchNarrowing(CitizenRecords citizenRecords) {
		this.citizenRecords = citizenRecords;
		setNarrowConditionalUrls(true);
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return Caller.current()
				.filter(caller -> caller.is(Role.CITIZEN))
				.map(citizen -> {
					List<IIdType> books = citizenRecords.readableBy(citizen, request);
					return new AuthorizedList().addCompartments(
							books.stream().map(IIdType::getValue).toArray(String[]::new));
				})
				.orElse(null);
	}
}
