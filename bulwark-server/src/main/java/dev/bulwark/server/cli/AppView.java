package dev.bulwark.server.cli;

import dev.bulwark.core.app.App;
import dev.bulwark.core.app.AppDefinition;
import dev.bulwark.core.app.GrantType;
import dev.bulwark.core.app.RedirectUri;
import dev.bulwark.server.http.AppJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How an app is shown. A client secret appears only when it was just generated, and only here. */
final class AppView {
    private AppView() {
    }

    static Map<String, Object> json(App app, Optional<String> newSecret) {
        return AppJson.json(app, newSecret);
    }

    static String line(App app) {
        AppDefinition d = app.definition();
        return String.format("%-28s  %-7s  %-11s  %s", d.clientId().value(), d.type().name().toLowerCase(Locale.ROOT),
                d.firstParty() ? "first-party" : "-", d.name());
    }
}
