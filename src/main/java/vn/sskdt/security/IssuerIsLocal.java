package vn.sskdt.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when no external issuer is configured, i.e. the local sign-in issues the tokens. */
class IssuerIsLocal implements Condition {
	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return context.getEnvironment().getProperty("sskdt.security.issuer-uri", "").isBlank();
	}
}
