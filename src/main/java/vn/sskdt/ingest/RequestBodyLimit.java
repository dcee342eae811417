package vn.sskdt.ingest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import vn.sskdt.config.FhirProperties;
import vn.sskdt.config.FhirServerInterceptor;

/**
 * Refuses request bodies above {@code sskdt.fhir.max-request-body-size} with 413 and an
 * OperationOutcome, before HAPI reads them into memory. HAPI itself has no such limit; Tomcat's
 * {@code max-http-form-post-size} only covers form posts. Bodies sent without a length (chunked) are
 * cut off by {@link RequestBodyLimitFilter}.
 */
@Component
public class RequestBodyLimit implements FhirServerInterceptor {

	private final long maxBytes;

	public RequestBodyLimit(FhirProperties properties) {
		this.maxBytes = properties.maxRequestBodySize().toBytes();
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean checkDeclaredLength(HttpServletRequest request) {
		if (request.getContentLengthLong() > maxBytes) {
			throw tooLarge(maxBytes);
		}
		return true;
	}

	static PayloadTooLargeException tooLarge(long maxBytes) {
		long megabytes = maxBytes / (1024 * 1024);
		return new PayloadTooLargeException("Dữ liệu gửi lên vượt quá " + megabytes
				+ " MB; hãy chia thành nhiều lần gửi / Request body exceeds " + megabytes
				+ " MB; split the submission into smaller batches");
	}
}
