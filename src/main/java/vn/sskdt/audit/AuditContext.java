package vn.sskdt.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import jakarta.annotation.Nonnull;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import vn.sskdt.security.Caller;

/**
 * Tells HAPI's BALP interceptor who is acting: the user (token subject, described by role and
 * facility or jurisdiction) and the app (OAuth client). Resource references are kept relative
 * ({@code Patient/…}) so that {@code AuditEvent?patient=Patient/…} finds them — a citizen's "who
 * looked at my health book".
 */
@Component
class AuditContext implements IBalpAuditContextServices {

	static final String USER_SYSTEM = "https://sskdt.vn/fhir/sid/user";
	static final String CLIENT_SYSTEM = "https://sskdt.vn/fhir/sid/oauth-client";

	@Nonnull
	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		String client = Caller.current().map(Caller::clientId).orElse("");
		return new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(orUnknown(client)));
	}

	@Nonnull
	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		return Caller.current()
				.map(caller -> new Reference()
						.setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(orUnknown(caller.subject())))
						.setDisplay(caller.describe()))
				.orElseGet(() -> new Reference().setDisplay("anonymous"));
	}

	@Nonnull
	@Override
	public String massageResourceIdForStorage(
			@Nonnull RequestDetails request, @Nonnull IBaseResource resource, @Nonnull IIdType id) {
		return id.toUnqualifiedVersionless().getValue();
	}

	/**
	 * An event of a RESTful interaction that BALP does not capture itself (refusals, lists of people
	 * handed out, corrections of the trail), shaped as BALP's: who (user and app), what, when.
	 */
	AuditEvent restEvent(RequestDetails request, String interaction, AuditEvent.AuditEventAction action,
			AuditEvent.AuditEventOutcome outcome) {
		AuditEvent event = new AuditEvent();
		event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
		if (interaction != null) {
			event.addSubtype().setSystem(BalpConstants.CS_RESTFUL_INTERACTION).setCode(interaction);
		}
		event.setAction(action);
		event.setOutcome(outcome);
		event.setRecorded(new Date());
		event.getSource().getObserver().setDisplay(request.getFhirServerBase());
		event.addAgent().setWho(getAgentClientWho(request)).setRequestor(false);
		event.addAgent().setWho(getAgentUserWho(request)).setRequestor(true);
		return event;
	}

	/** Names the person an event concerns, so that it is in their trail. */
	static void concerns(AuditEvent event, String patientId) {
		AuditEvent.AuditEventEntityComponent person = event.addEntity();
		person.getWhat().setReference("Patient/" + patientId);
		person.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT);
	}

	private static String orUnknown(String value) {
		return value == null || value.isBlank() ? "unknown" : value;
	}
}
