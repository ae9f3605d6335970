//! TLS and mutual TLS with certificates made at test time.

use std::time::Duration;

use lede::pb::article_service_client::ArticleServiceClient;
use lede::pb::{self, document::Content};
use lede::server::{Config, Tls, serve};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::net::TcpListener;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

struct Pki {
    ca_pem: String,
    server: (String, String),
    client: (String, String),
}

fn pki() -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("ca key")).expect("ca");
    let leaf = |name: &str| {
        let key = KeyPair::generate().expect("key");
        let cert = CertificateParams::new(vec![name.to_string()])
            .expect("params")
            .signed_by(&key, &ca)
            .expect("sign");
        (cert.pem(), key.serialize_pem())
    };
    Pki {
        ca_pem: ca.pem(),
        server: leaf("localhost"),
        client: leaf("client.lede.test"),
    }
}

async fn start(tls: Tls) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = Config {
        tls: Some(tls),
        shutdown_delay: Duration::ZERO,
        ..Config::default()
    };
    tokio::spawn(serve(listener, config, async {
        let _ = stopped.await;
    }));
    (address, stop)
}

async fn analyze(address: std::net::SocketAddr, tls: ClientTlsConfig) -> Result<pb::AnalyzeResponse, String> {
    let channel = Channel::from_shared(format!("https://localhost:{}", address.port()))
        .expect("uri")
        .tls_config(tls)
        .expect("tls config")
        .connect()
        .await
        .map_err(|e| format!("connect: {e:?}"))?;
    let request = pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: Some(Content::Text(include_str!("../examples/xinhua-china-india.txt").into())),
            ..Default::default()
        }),
        ..Default::default()
    };
    ArticleServiceClient::new(channel)
        .analyze(request)
        .await
        .map(|r| r.into_inner())
        .map_err(|s| format!("{s:?}"))
}

#[tokio::test]
async fn tls_serves_clients_that_trust_the_ca() {
    let pki = pki();
    let (address, _stop) = start(Tls {
        cert_pem: pki.server.0.clone().into_bytes(),
        key_pem: pki.server.1.clone().into_bytes(),
        client_ca_pem: None,
    })
    .await;
    let client = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&pki.ca_pem))
        .domain_name("localhost");
    let response = analyze(address, client).await.expect("TLS call");
    assert!(!response.summary.expect("summary").sentences.is_empty());
}

#[tokio::test]
async fn mutual_tls_refuses_clients_without_a_certificate() {
    let pki = pki();
    let (address, _stop) = start(Tls {
        cert_pem: pki.server.0.clone().into_bytes(),
        key_pem: pki.server.1.clone().into_bytes(),
        client_ca_pem: Some(pki.ca_pem.clone().into_bytes()),
    })
    .await;
    let anonymous = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&pki.ca_pem))
        .domain_name("localhost");
    assert!(
        analyze(address, anonymous.clone()).await.is_err(),
        "a client without a certificate must be refused"
    );
    let identified = anonymous.identity(Identity::from_pem(&pki.client.0, &pki.client.1));
    analyze(address, identified)
        .await
        .expect("a client with a certificate from the CA is served");
}
