package vn.sskdt.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the coverage dashboard (static files under {@code static/dashboard}) at {@code /dashboard/}.
 * The page holds no data: it signs in (OIDC code + PKCE) and calls the indicator API with the token.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardPage implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		// the sign-in's redirect URI ends with a slash; relative asset paths resolve under it
		registry.addRedirectViewController("/dashboard", "/dashboard/");
		registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
	}
}
