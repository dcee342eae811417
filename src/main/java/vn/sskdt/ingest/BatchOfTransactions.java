package vn.sskdt.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * Offline sync in one request: a {@code batch} Bundle whose entries are each a check-up {@code
 * transaction} Bundle ({@code request: POST /}), answered by a {@code batch-response} with one entry
 * per check-up, in order: its {@code transaction-response} and {@code 200 OK}, or its refusal (status
 * and OperationOutcome, locations {@code Bundle.entry[i].resource.entry[j]…}). Each check-up is stored
 * whole or not at all, and a refused one does not stop the others.
 *
 * <p>Why hand-written: HAPI 8.8.0 has no nested transactions. Its batch processing turns each entry
 * into a one-entry transaction, so a transaction Bundle in a batch entry is a "create a Bundle
 * resource" (refused: transaction Bundles are not storable), and its AuthorizationInterceptor judges
 * it as such (station staff may not create Bundles: 403 for the whole batch).
 *
 * <p>How: each nested transaction is handed to HAPI's own server as if the station had sent it
 * alone ({@code POST /fhir}, same token, same thread): access rules, commune scope, profile
 * validation, person matching, the audit trail, retries of concurrent registrations and metrics all
 * apply to it exactly as to a single submission, and HAPI's transaction processing runs it in its own
 * database transaction. The check-ups run one after the other, in the order sent, since a later one
 * may depend on an earlier one (a registration, then that resident's vaccinations).
 */
@Component
@Interceptor
class BatchOfTransactions implements FhirServerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(BatchOfTransactions.class);

	private final FhirContext fhirContext;

	BatchOfTransactions(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/**
	 * Runs once HAPI knows the request is a transaction or batch ({@code POST [base]}), before it
	 * parses or authorizes it. Answers false (handled here) for a batch of transactions; any other
	 * Bundle goes on to HAPI untouched.
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	boolean batchOfTransactions(RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse)
			throws IOException, ServletException {
		if (request.getRestOperationType() != RestOperationTypeEnum.TRANSACTION || request.getRequestType() != RequestTypeEnum.POST) {
			return true;
		}
		byte[] body = request.loadRequestContents();
		// most requests here are single check-ups: skip a second full parse unless a batch is named
		String text = new String(body, StandardCharsets.UTF_8);
		if (!text.contains("batch")) {
			return true;
		}
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		IParser parser = (encoding == null ? EncodingEnum.JSON : encoding).newParser(fhirContext);
		IBaseResource parsed;
		try {
			parsed = parser.parseResource(text);
		} catch (DataFormatException malformed) {
			return true; // HAPI answers it with its usual 400
		}
		if (!(parsed instanceof Bundle batch) || batch.getType() != Bundle.BundleType.BATCH || !carriesTransactions(batch)) {
			return true;
		}
		// metrics and logs count this request as a batch; each check-up in it is counted as a transaction
		request.setRestOperationType(RestOperationTypeEnum.BATCH);
		Bundle answer = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
		List<Bundle.BundleEntryComponent> entries = batch.getEntry();
		int refused = 0;
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryComponent answered = submit(servletRequest, servletResponse, (RestfulServer) request.getServer(),
					(Bundle) entries.get(i).getResource(), i);
			refused += answered.getResponse().getStatus().startsWith("2") ? 0 : 1;
			answer.addEntry(answered);
		}
		log.info("Batch of {} check-ups: {} stored, {} refused", entries.size(), entries.size() - refused, refused);
		RestfulServerUtils.streamResponseAsResource(request.getServer(), answer, Set.of(), 200, false, false, request);
		return false;
	}

	/**
	 * A batch whose entries are all {@code POST} of transaction Bundles. One that mixes them with plain
	 * entries is refused whole (400), since half of it would be handled by other rules than the rest.
	 */
	private static boolean carriesTransactions(Bundle batch) {
		long nested = batch.getEntry().stream().filter(BatchOfTransactions::isTransaction).count();
		if (nested == 0) {
			return false;
		}
		for (int i = 0; i < batch.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = batch.getEntry().get(i);
			if (!isTransaction(entry) || entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
				throw invalid(i, "Lô đồng bộ chỉ gồm các giao dịch (POST một Bundle transaction) / A batch of check-ups holds only"
						+ " transactions: entry.request.method POST, entry.resource a Bundle of type transaction");
			}
		}
		return true;
	}

	private static boolean isTransaction(Bundle.BundleEntryComponent entry) {
		return entry.getResource() instanceof Bundle nested && nested.getType() == Bundle.BundleType.TRANSACTION;
	}

	private static InvalidRequestException invalid(int index, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.INVALID)
				.setDiagnostics(message).addExpression("Bundle.entry[" + index + "]").addLocation("Bundle.entry[" + index + "]");
		return new InvalidRequestException(message, outcome);
	}

	/** One check-up through the whole server, as a request of its own; its answer as a batch-response entry. */
	private Bundle.BundleEntryComponent submit(HttpServletRequest outer, HttpServletResponse outerResponse, RestfulServer server,
			Bundle transaction, int index) throws IOException, ServletException {
		byte[] json = fhirContext.newJsonParser().encodeResourceToString(transaction).getBytes(StandardCharsets.UTF_8);
		SubRequest.Request request = new SubRequest.Request(outer, json);
		SubRequest.Response response = new SubRequest.Response(outerResponse);
		RequestAttributes outerAttributes = RequestContextHolder.getRequestAttributes();
		// request attributes are per check-up (e.g. the audit trail's cross-commune mark)
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
		try {
			server.service(request, response);
		} finally {
			RequestContextHolder.setRequestAttributes(outerAttributes);
		}
		return SubmissionAnswer.of(fhirContext, response.status(), response.body(), index);
	}
}
