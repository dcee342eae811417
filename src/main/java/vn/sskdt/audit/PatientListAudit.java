package vn.sskdt.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.stereotype.Component;

/**
 * Audits lists of people that our own operations hand out (e.g. an indicator's people still to reach).
 * HAPI's BALP interceptor audits the resources a response carries, but a list of references inside a
 * MeasureReport names no Patient it recognises; so one event per person listed, as BALP does for a
 * search, and the citizen sees in their trail that a station listed them.
 */
@Component
public class PatientListAudit {

	private final AuditEventStore store;
	private final AuditContext context;

	PatientListAudit(AuditEventStore store, AuditContext context) {
		this.store = store;
		this.context = context;
	}

	public void listed(RequestDetails request, String what, List<String> patientIds) {
		for (String patientId : patientIds) {
			AuditEvent event = context.restEvent(request, "operation", AuditEvent.AuditEventAction.E, AuditEvent.AuditEventOutcome._0);
			AuditContext.concerns(event, patientId);
			event.addEntity().setDescription(what).getWhat().setDisplay(request.getCompleteUrl());
			store.recordAuditEvent(PersonDataAudit.withCallerDetails(event));
		}
	}
}
