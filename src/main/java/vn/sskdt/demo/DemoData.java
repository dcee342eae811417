package vn.sskdt.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A newcomer's first start shows real answers: on the embedded store, the first start loads one
 * generated commune (a few hundred residents with their registrations, vaccinations, check-ups and
 * cards, the demo citizens among them) once; the database remembers it ({@code sskdt_demo_data}), so
 * a later start, or a deleted record, never brings it back. Off on an external database unless asked
 * for ({@code sskdt.demo-data.enabled}).
 *
 * <p>It loads in the background once the server is ready (a few hundred bundles take a minute or two
 * on a small machine), through HAPI's system DAO, one transaction per bundle as a station would send
 * it. As a {@link SystemRequestDetails} it is the server's own write and carries no interceptors of
 * the REST server: access rules, audit trail and profile validation (which the generator's output
 * passes by construction: {@code GeneratedBundlesValidateTest} validates every kind of bundle with the
 * server's validator) do not see it; what HAPI's storage interceptor service runs (HAPI's own
 * storage hooks, and whatever a feature registers there, e.g. indicator facts) does.
 */
@Component
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);
	/** seeds tried after the configured one until the demo citizens all find a matching resident */
	private static final int SEEDS_TRIED = 40;

	private final DemoDataProperties properties;
	private final Environment environment;
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final FhirContext fhirContext;
	private final DataSource dataSource;
	private volatile boolean stopping;

	DemoData(DemoDataProperties properties, Environment environment, IFhirSystemDao<Bundle, Meta> systemDao,
			FhirContext fhirContext, DataSource dataSource) {
		this.properties = properties;
		this.environment = environment;
		this.systemDao = systemDao;
		this.fhirContext = fhirContext;
		this.dataSource = dataSource;
	}

	boolean enabled() {
		boolean embedded = environment.getProperty("spring.datasource.url", "").isEmpty();
		return properties.enabled() != null ? properties.enabled() : embedded;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!enabled()) {
			return;
		}
		Thread loader = new Thread(this::loadOnce, "demo-data");
		loader.setDaemon(true); // never holds the JVM up at shutdown
		loader.start();
	}

	@PreDestroy
	void stop() {
		stopping = true;
	}

	private void loadOnce() {
		long started = System.nanoTime();
		try {
			if (alreadyLoaded()) {
				log.info("Demo data: already loaded in this database, not loaded again");
				return;
			}
			log.info("Demo data: loading a synthetic commune ({}, {} residents) in the background; the server is already serving",
					properties.commune(), properties.residents());
			List<String> bundles = bundles();
			int stored = 0;
			for (String bundle : bundles) {
				if (stopping) {
					log.info("Demo data: stopped after {} of {} bundles; the next start loads it again (every bundle is idempotent)",
							stored, bundles.size());
					return;
				}
				systemDao.transaction(new SystemRequestDetails(), fhirContext.newJsonParser().parseResource(Bundle.class, bundle));
				stored++;
			}
			remember(bundles.size());
			log.info("Demo data: commune {} loaded, {} bundles in {} s", properties.commune(), bundles.size(),
					(System.nanoTime() - started) / 1_000_000_000);
		} catch (Exception e) {
			if (stopping) {
				return; // the server is stopping under it; the next start loads it again
			}
			// the message may quote a generated resident: only the kind of failure at INFO level and above
			log.warn("Demo data: loading failed ({}); the next start tries again", e.getClass().getSimpleName());
			log.debug("Demo data: loading failed", e);
		}
	}

	/**
	 * The commune's bundles in submission order, with the demo citizens in place. The first seed from
	 * the configured one whose commune has a resident for every demo citizen, parents for parents
	 * wherever possible, is used.
	 */
	List<String> bundles() throws IOException {
		List<DemoCitizens.Citizen> citizens = citizens();
		Optional<List<String>> anyMatch = Optional.empty();
		for (long seed = properties.seed(); seed < properties.seed() + SEEDS_TRIED; seed++) {
			List<String> generated = generate(seed);
			Optional<List<String>> parents = DemoCitizens.adopt(generated, citizens, true);
			if (parents.isPresent()) {
				return parents.get();
			}
			if (anyMatch.isEmpty()) {
				anyMatch = DemoCitizens.adopt(generated, citizens, false);
			}
		}
		if (anyMatch.isPresent()) {
			return anyMatch.get();
		}
		log.info("Demo data: no resident matches the demo citizens' personal IDs; they have no health book");
		return generate(properties.seed());
	}

	private List<String> generate(long seed) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new ProvinceGenerator(new ProvinceGenerator.Options(seed, properties.residents(), province(properties.commune()),
				properties.year(), 1, List.of(properties.commune())))
				.write(out, OutputStream.nullOutputStream());
		return Arrays.stream(new String(out.toByteArray(), StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
	}

	/** The province of a commune, from the official list. */
	private static String province(String commune) {
		return AdminUnits.all().values().stream()
				.filter(p -> p.communes().stream().anyMatch(c -> c.code().equals(commune)))
				.map(AdminUnits.Province::code).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("sskdt.demo-data.commune: no commune " + commune));
	}

	/** The demo users of the local sign-in that have a personal ID (citizens), as configured. */
	private List<SignInUser> users() {
		return Binder.get(environment).bind("sskdt.security.local.users", Bindable.listOf(SignInUser.class)).orElse(List.of());
	}

	private List<DemoCitizens.Citizen> citizens() {
		return users().stream().filter(u -> u.cccd() != null && u.cccd().matches("[0-9]{12}"))
				.map(u -> new DemoCitizens.Citizen(u.cccd(), u.name())).toList();
	}

	/** The two fields of a sign-in demo user read here. */
	record SignInUser(String name, String cccd) {}

	private boolean alreadyLoaded() throws SQLException {
		try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
			s.execute("create table if not exists sskdt_demo_data (commune varchar(5) not null, seed bigint not null,"
					+ " residents int not null, bundles int not null, loaded_at timestamp with time zone not null default now())");
			try (ResultSet rows = s.executeQuery("select count(*) from sskdt_demo_data")) {
				rows.next();
				return rows.getLong(1) > 0;
			}
		}
	}

	private void remember(int bundles) throws SQLException {
		try (Connection c = dataSource.getConnection();
				PreparedStatement insert = c.prepareStatement(
						"insert into sskdt_demo_data (commune, seed, residents, bundles) values (?, ?, ?, ?)")) {
			insert.setString(1, properties.commune());
			insert.setLong(2, properties.seed());
			insert.setInt(3, properties.residents());
			insert.setInt(4, bundles);
			insert.executeUpdate();
		}
	}
}
