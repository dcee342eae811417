package vn.sskdt.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo commune loaded at the first start of the embedded default (README, Demo data).
 *
 * @param enabled   load it; unset: only on the embedded store, never on an external database
 *                  (production), whatever else is configured
 * @param commune   5-digit code of a commune of the province (Huế), the demo station staff's commune
 * @param residents residents on 1 January of {@code year}
 * @param seed      the generator's seed
 * @param year      the simulated year (must be over: vaccinations cannot be dated in the future)
 */
@ConfigurationProperties("sskdt.demo-data")
public record DemoDataProperties(
		Boolean enabled,
		@DefaultValue("19777") String commune,
		@DefaultValue("300") int residents,
		@DefaultValue("2026") long seed,
		@DefaultValue("2025") int year) {}
