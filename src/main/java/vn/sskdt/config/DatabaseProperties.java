package vn.sskdt.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL of the default start keeps its data. Only used when
 * {@code spring.datasource.url} is not set; with it set, the server uses that external PostgreSQL.
 *
 * @param dataDirectory directory of the embedded cluster, kept between starts
 * @param port          TCP port of the embedded cluster on 127.0.0.1; 0 picks a free one
 */
@ConfigurationProperties("sskdt.database.embedded")
public record DatabaseProperties(@DefaultValue("./data/postgres") String dataDirectory, @DefaultValue("0") int port) {}
