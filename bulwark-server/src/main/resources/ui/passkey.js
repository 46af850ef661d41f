// Passkeys on Bulwark's hosted pages: the only script they run. It asks Bulwark for options, runs the WebAuthn
// ceremony in the browser, and posts the result back in an ordinary form, so that the redirect to the app is a
// normal navigation. Nothing here decides anything: the server verifies every byte.
"use strict";
(function () {
  function decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), c => c.charCodeAt(0));
  }

  function encode(buffer) {
    let text = "";
    new Uint8Array(buffer).forEach(b => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function options(url, fields) {
    const response = await fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" });
    if (!response.ok) {
      throw new Error("Bulwark refused to start the passkey ceremony.");
    }
    return response.json();
  }

  function submit(action, fields) {
    const form = document.createElement("form");
    form.method = "post";
    form.action = action;
    Object.entries(fields).forEach(([name, value]) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  // The credential as RegistrationResponseJSON / AuthenticationResponseJSON (WebAuthn Level 3 toJSON()).
  function toJSON(credential) {
    if (typeof credential.toJSON === "function") {
      return credential.toJSON();
    }
    const response = {};
    ["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"].forEach(name => {
      if (credential.response[name]) {
        response[name] = encode(credential.response[name]);
      }
    });
    if (typeof credential.response.getTransports === "function") {
      response.transports = credential.response.getTransports();
    }
    return { id: credential.id, rawId: encode(credential.rawId), type: credential.type, response: response,
             clientExtensionResults: credential.getClientExtensionResults(),
             authenticatorAttachment: credential.authenticatorAttachment };
  }

  function fail(error) {
    const message = document.getElementById("passkey-error");
    if (message) {
      message.textContent = "The passkey did not work (" + error.name + "). Try again" +
          (document.getElementById("password") ? ", or use your password." : ".");
      message.hidden = false;
    }
  }

  const signIn = document.getElementById("passkey-sign-in");
  if (signIn) {
    signIn.addEventListener("click", async () => {
      try {
        const request = signIn.dataset.request;
        const o = await options("/ui/passkey/options", { request: request });
        const credential = await navigator.credentials.get({ publicKey: {
          challenge: decode(o.challenge), rpId: o.rpId, timeout: o.timeout, userVerification: o.userVerification,
          allowCredentials: [] } });
        submit("/ui/passkey", { request: request, passkey_response: JSON.stringify(toJSON(credential)) });
      } catch (error) {
        fail(error);
      }
    });
  }

  const create = document.getElementById("passkey-create");
  if (create) {
    create.addEventListener("click", async () => {
      try {
        const o = await options("/ui/passkeys/options", {});
        const credential = await navigator.credentials.create({ publicKey: {
          rp: o.rp, user: { id: decode(o.user.id), name: o.user.name, displayName: o.user.displayName },
          challenge: decode(o.challenge), pubKeyCredParams: o.pubKeyCredParams, timeout: o.timeout,
          excludeCredentials: o.excludeCredentials.map(c => ({ type: c.type, id: decode(c.id), transports: c.transports })),
          authenticatorSelection: o.authenticatorSelection, attestation: o.attestation } });
        submit("/ui/passkeys", { name: document.getElementById("passkey-name").value,
                                 passkey_response: JSON.stringify(toJSON(credential)) });
      } catch (error) {
        fail(error);
      }
    });
  }
})();
