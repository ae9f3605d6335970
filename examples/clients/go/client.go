// Calls lede.v1.ArticleService/Analyze over gRPC (grpc-go) and prints who
// said what, then the gist. Usage: go run client.go HOST:PORT FILE
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"

	ledev1 "ledepb/lede/v1"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: client HOST:PORT FILE")
	}
	target, file := os.Args[1], os.Args[2]
	text, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	conn, err := grpc.Dial(target, grpc.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	response, err := ledev1.NewArticleServiceClient(conn).Analyze(ctx, &ledev1.AnalyzeRequest{
		Document: &ledev1.Document{DocumentId: file, Content: &ledev1.Document_Text{Text: string(text)}},
	})
	if err != nil {
		log.Fatal(err)
	}

	participants := map[string]*ledev1.Participant{}
	for _, p := range response.GetParticipants() {
		participants[p.GetId()] = p
	}
	for _, statement := range response.GetStatements() {
		who := statement.GetSpeaker().GetText()
		var about []string
		if speaker, ok := participants[statement.GetSpeakerId()]; ok {
			who = speaker.GetName()
			if len(speaker.GetTitles()) > 0 {
				about = append(about, speaker.GetTitles()[0])
			}
			if speaker.GetCountryCode() != "" {
				about = append(about, speaker.GetCountryCode())
			}
		}
		if who == "" {
			who = "Someone"
		}
		if len(about) > 0 {
			who += " (" + strings.Join(about, ", ") + ")"
		}
		fmt.Printf("%s said: %s\n", who, statement.GetContent())
	}
	fmt.Printf("Gist: %s\n", response.GetSummary().GetGist())
}
