//! Calls `lede.v1.ArticleService/Analyze` over gRPC and prints who said
//! what, then the gist. Usage: `lede-client HOST:PORT FILE`.

use std::collections::HashMap;
use std::time::Duration;

/// The client and messages, generated from `proto/` by build.rs.
mod pb {
    pub mod google {
        pub mod rpc {
            tonic::include_proto!("google.rpc");
        }
    }
    pub mod lede {
        pub mod v1 {
            tonic::include_proto!("lede.v1");
        }
    }
}

use pb::lede::v1::{AnalyzeRequest, Document, article_service_client::ArticleServiceClient, document::Content};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, file] = args.as_slice() else {
        return Err("usage: lede-client HOST:PORT FILE".into());
    };
    let text = std::fs::read_to_string(file)?;
    let mut client = ArticleServiceClient::connect(format!("http://{target}")).await?;
    let mut request = tonic::Request::new(AnalyzeRequest {
        document: Some(Document {
            document_id: file.clone(),
            content: Some(Content::Text(text)),
            ..Default::default()
        }),
        ..Default::default()
    });
    request.set_timeout(Duration::from_secs(30));
    let response = client.analyze(request).await?.into_inner();

    let participants: HashMap<&str, _> = response.participants.iter().map(|p| (p.id.as_str(), p)).collect();
    for statement in &response.statements {
        let speaker = participants.get(statement.speaker_id.as_str());
        let mut who = match (speaker, &statement.speaker) {
            (Some(p), _) => p.name.clone(),
            (None, Some(mention)) => mention.text.clone(),
            (None, None) => "Someone".to_owned(),
        };
        let about: Vec<&str> = speaker
            .map(|p| [p.titles.first().map_or("", String::as_str), p.country_code.as_str()])
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !about.is_empty() {
            who = format!("{who} ({})", about.join(", "));
        }
        println!("{who} said: {}", statement.content);
    }
    let gist = response.summary.map(|s| s.gist).unwrap_or_default();
    println!("Gist: {gist}");
    Ok(())
}
