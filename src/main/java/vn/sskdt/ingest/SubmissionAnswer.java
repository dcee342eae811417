package vn.sskdt.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.http.HttpStatus;

/**
 * The server's answer to one check-up of a batch, as that check-up's entry of the {@code
 * batch-response}: the transaction-response Bundle when stored, otherwise the OperationOutcome with
 * every location moved into the batch ({@code Bundle.entry[3].resource.birthDate} of the check-up
 * becomes {@code Bundle.entry[i].resource.entry[3].resource.birthDate}).
 */
final class SubmissionAnswer {

	private SubmissionAnswer() {}

	static Bundle.BundleEntryComponent of(FhirContext fhirContext, int status, byte[] body, int index) {
		Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
		entry.getResponse().setStatus(statusLine(status));
		IBaseResource answer = parse(fhirContext, body);
		if (status >= 200 && status < 300 && answer instanceof Bundle transactionResponse) {
			entry.setResource(transactionResponse);
			return entry;
		}
		OperationOutcome outcome = answer instanceof OperationOutcome given ? given : new OperationOutcome();
		if (!outcome.hasIssue()) {
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.EXCEPTION)
					.setDiagnostics("HTTP " + status);
		}
		String prefix = "Bundle.entry[" + index + "]";
		for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
			moveInto(issue.getExpression(), prefix);
			moveInto(issue.getLocation(), prefix);
			if (!issue.hasExpression()) {
				issue.addExpression(prefix); // at least which check-up it was
				issue.addLocation(prefix);
			}
		}
		entry.getResponse().setOutcome(outcome);
		return entry;
	}

	/** Paths of the check-up's own Bundle get the batch entry's prefix; other paths stay as they are. */
	private static void moveInto(List<StringType> paths, String prefix) {
		for (StringType path : paths) {
			String value = path.getValue();
			if (value != null && (value.equals("Bundle") || value.startsWith("Bundle.") || value.startsWith("Bundle["))) {
				path.setValue(prefix + ".resource" + value.substring("Bundle".length()));
			}
		}
	}

	private static IBaseResource parse(FhirContext fhirContext, byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return fhirContext.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8));
		} catch (DataFormatException notFhir) {
			return null; // e.g. an error page of the servlet container; the status says enough
		}
	}

	private static String statusLine(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return known == null ? Integer.toString(status) : status + " " + known.getReasonPhrase();
	}
}
