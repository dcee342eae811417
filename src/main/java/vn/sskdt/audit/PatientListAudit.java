package vn.sskdt.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import java.util.Date;
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
			AuditEvent event = new AuditEvent();
			event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
			event.addSubtype().setSystem(BalpConstants.CS_RESTFUL_INTERACTION).setCode("operation");
			event.setAction(AuditEvent.AuditEventAction.E);
			event.setOutcome(AuditEvent.AuditEventOutcome._0);
			event.setRecorded(new Date());
			event.getSource().getObserver().setDisplay(request.getFhirServerBase());
			event.addAgent().setWho(context.getAgentClientWho(request)).setRequestor(false);
			event.addAgent().setWho(context.getAgentUserWho(request)).setRequestor(true);
			AuditEvent.AuditEventEntityComponent patient = event.addEntity();
			patient.getWhat().setReference("Patient/" + patientId);
			patient.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT);
			event.addEntity().setDescription(what).getWhat().setDisplay(request.getCompleteUrl());
			store.recordAuditEvent(PersonDataAudit.withCallerDetails(event));
		}
	}
}
