package vn.sskdt.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.sskdt.config.FhirProperties;

/**
 * Tells Tomcat to answer "100 Continue" only when the application starts reading the body, so a
 * client that announces a too-large body ({@code Expect: 100-continue}, as curl and most HTTP
 * libraries do for large uploads) gets its 413 before sending a single byte of it.
 *
 * <p>Caps bodies sent without a Content-Length (chunked transfer) at the same limit as
 * {@link RequestBodyLimit}: reading past it throws HAPI's 413 exception while HAPI reads the body, so
 * the client still gets an OperationOutcome and nothing is stored.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimitFilter {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
		return factory -> factory.addConnectorCustomizers(
				connector -> connector.setProperty("continueResponseTiming", "onRead"));
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> fhirBodyLimitFilter(FhirProperties properties) {
		long maxBytes = properties.maxRequestBodySize().toBytes();
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (request.getContentLengthLong() >= 0) {
					chain.doFilter(request, response); // declared length: checked by RequestBodyLimit
					return;
				}
				chain.doFilter(new LimitedRequest(request, maxBytes), response);
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/fhir/*");
		return registration;
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {
		private final long maxBytes;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {
				private long read;

				@Override
				public int read() throws IOException {
					int b = in.read();
					if (b >= 0) {
						count(1);
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					if (n > 0) {
						count(n);
					}
					return n;
				}

				private void count(int n) {
					read += n;
					if (read > maxBytes) {
						throw RequestBodyLimit.tooLarge(maxBytes);
					}
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}
			};
		}
	}
}
