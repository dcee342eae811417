package vn.sskdt.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 decided before HAPI sees the request, answered like every other FHIR error: an
 * OperationOutcome, plus the {@code WWW-Authenticate} header of RFC 6750 that Spring writes.
 */
@Component
class OperationOutcomeErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
	private final FhirContext fhirContext;

	OperationOutcomeErrors(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		bearerEntryPoint.commence(request, response, e);
		write(response, OperationOutcome.IssueType.LOGIN,
				"Cần đăng nhập: thiếu hoặc sai mã truy cập (bearer token) / Sign-in required: missing or invalid bearer token");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
			throws IOException {
		bearerDenied.handle(request, response, e);
		write(response, OperationOutcome.IssueType.FORBIDDEN,
				"Không có quyền truy cập / Access denied");
	}

	private void write(HttpServletResponse response, OperationOutcome.IssueType type, String text) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
	}
}
